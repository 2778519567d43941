using MlOps.CiHosts;
using MlOps.Containers.Distribution;
using MlOps.Core.Errors;
using MlOps.Steps.Package;

namespace MlOps.Steps.Tests.Package;

/// <summary>What --push accepts, and which credential the environment gives it (never printed).</summary>
public class PushTargetTests
{
    [TestCase("127.0.0.1:5000/adult-income:3", "127.0.0.1:5000", "adult-income", "3")]
    [TestCase("myregistry.azurecr.io/models/adult-income:v3.1", "myregistry.azurecr.io", "models/adult-income", "v3.1")]
    [TestCase("localhost/adult-income", "localhost", "adult-income", null)]
    public void A_registry_reference_splits_into_host_repository_and_tag(string value, string host, string repository, string? tag)
    {
        Assert.That(PushTarget.Parse(value), Is.EqualTo(new PushTarget(host, repository, tag)));
    }

    [TestCase("adult-income:3", "names no registry: expected REGISTRY/REPOSITORY:TAG")]
    [TestCase("models/adult-income:3", "names no registry")]
    [TestCase("127.0.0.1:5000/Adult_Income:3", "'Adult_Income' is not a valid image name")]
    [TestCase("127.0.0.1:5000/adult-income:-bad", "'-bad' is not a valid tag")]
    public void A_bad_reference_is_refused_with_exit_2_saying_what_is_expected(string value, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => PushTarget.Parse(value));
        Assert.That(e!.Message, Does.StartWith($"--push '{value}'").And.Contain(message));
    }

    [Test]
    public void User_and_password_from_the_environment_give_basic_credentials_and_the_password_is_masked()
    {
        var output = new StringWriter();
        var host = new LocalHost(_ => null, output, output);
        var env = new Dictionary<string, string> { ["MLOPS_REGISTRY_USERNAME"] = "ci-bot", ["MLOPS_REGISTRY_PASSWORD"] = "Pw-123456" };

        var credential = RegistryCredentials.For("myregistry.azurecr.io", env.GetValueOrDefault, host);

        Assert.That(credential.Username, Is.EqualTo("ci-bot"));
        Assert.That(credential.Source, Is.EqualTo("MLOPS_REGISTRY_USERNAME / MLOPS_REGISTRY_PASSWORD"));
        host.Info("logged: Pw-123456");
        Assert.That(output.ToString(), Does.Not.Contain("Pw-123456"));
    }

    [Test]
    public void Half_a_user_and_password_is_refused_naming_the_missing_variable()
    {
        var env = new Dictionary<string, string> { ["MLOPS_REGISTRY_USERNAME"] = "ci-bot" };
        var e = Assert.Throws<InvalidInputException>(() => RegistryCredentials.For("r.example.com", env.GetValueOrDefault, new LocalHost(_ => null, TextWriter.Null, TextWriter.Null)));
        Assert.That(e!.Message, Does.StartWith("MLOPS_REGISTRY_USERNAME is set but MLOPS_REGISTRY_PASSWORD is not"));
    }

    [Test]
    public void Without_variables_acr_uses_the_azure_identity_and_other_registries_go_anonymous()
    {
        var host = new LocalHost(_ => null, TextWriter.Null, TextWriter.Null);
        var env = new Dictionary<string, string> { ["AZURE_TENANT_ID"] = "t", ["AZURE_CLIENT_ID"] = "c", ["AZURE_CLIENT_SECRET"] = "s" };

        var acr = RegistryCredentials.For("myregistry.azurecr.io", env.GetValueOrDefault, host);
        var other = RegistryCredentials.For("127.0.0.1:5000", env.GetValueOrDefault, host);

        Assert.That(acr.EntraToken, Is.Not.Null);
        Assert.That(acr.Source, Is.EqualTo("the Azure identity ('client-secret' credential)"));
        Assert.That(other, Is.SameAs(RegistryCredential.Anonymous));
    }
}
