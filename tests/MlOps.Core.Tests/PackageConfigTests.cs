using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

public class PackageConfigTests
{
    private const string Head = """
        model: { name: churn, task: binary-classification, label: churned }

        """;

    private static MlOpsConfig Parse(string package) =>
        ConfigLoader.Parse(new StringReader(Head + package), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string package) => Assert.Throws<InvalidInputException>(() => Parse(package))!.Message;

    [Test]
    public void No_package_section_builds_only_with_the_version_as_tag()
    {
        var package = Parse("").Package;
        Assert.That(package.Registry, Is.Null);
        Assert.That(package.Tag("churn", "7"), Is.EqualTo("7"));
    }

    [Test]
    public void The_section_is_read_with_paths_resolved_against_the_file_and_the_tag_template_filled_in()
    {
        var package = Parse("package: { registry: myacr.azurecr.io, repository: models/churn, tag: \"{model}-v{version}\", app: out/publish, cache: .cache }").Package;
        Assert.That(package.Registry, Is.EqualTo("myacr.azurecr.io"));
        Assert.That(package.Repository, Is.EqualTo("models/churn"));
        Assert.That(package.Tag("churn", "7"), Is.EqualTo("churn-v7"));
        Assert.That(package.App, Is.EqualTo("/repo/out/publish"));
        Assert.That(package.Cache, Is.EqualTo("/repo/.cache"));
    }

    [TestCase("package: { registry: https://myacr.azurecr.io }", "mlops.yml:2:22: 'package.registry' must be a registry host[:port]")]
    [TestCase("package: { repository: Models/Churn }", "mlops.yml:2:24: 'package.repository' must be lowercase")]
    [TestCase("package: { tag: \"{build}\" }", "mlops.yml:2:17: 'package.tag' must be up to 128 letters")]
    [TestCase("package: { registyr: x.io }", "mlops.yml:2:12: unknown key 'registyr' in 'package'")]
    public void A_bad_value_names_the_line_column_and_what_is_expected(string package, string message) =>
        Assert.That(ErrorOf(package), Does.StartWith(message));
}
