using MlOps.Core.Errors;
using MlOps.Steps.Init;

namespace MlOps.Steps.Tests.Init;

/// <summary>--host may be left out when the repository shows its host; otherwise the error names the flag to pass.</summary>
public class RepoHostDetectionTests
{
    [Test]
    public void A_github_folder_means_github()
    {
        using var folder = new InitFolder();
        Directory.CreateDirectory(folder.PathOf(".github"));

        Assert.That(folder.Init(host: null).Host, Is.EqualTo(RepoHost.GitHub));
        Assert.That(File.Exists(folder.PathOf(".github/workflows/mlops-pr-gate.yml")));
    }

    [Test]
    public void An_azure_pipelines_yml_means_azure_pipelines()
    {
        using var folder = new InitFolder();
        folder.Write("azure-pipelines.yml", "trigger: none\n");

        Assert.That(folder.Init(host: null).Host, Is.EqualTo(RepoHost.AzurePipelines));
    }

    [Test]
    public void Both_signs_are_ambiguous_and_the_error_names_each_sign_and_the_flag()
    {
        using var folder = new InitFolder();
        Directory.CreateDirectory(folder.PathOf(".github"));
        folder.Write("azure-pipelines.yml", "trigger: none\n");

        var error = Assert.Throws<InvalidInputException>(() => folder.Init(host: null))!;

        Assert.That(error.ExitCode, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("ambiguous").And.Contain(".github/ exists → github")
            .And.Contain("azure-pipelines.yml exists → azure-pipelines").And.Contain("--host github or --host azure-pipelines"));
        Assert.That(folder.Files(), Is.EqualTo(new[] { "azure-pipelines.yml" }));
    }

    [Test]
    public void No_sign_at_all_asks_for_the_flag()
    {
        using var folder = new InitFolder();

        var error = Assert.Throws<InvalidInputException>(() => folder.Init(host: null))!;

        Assert.That(error.Message, Does.Contain("cannot tell the CI host").And.Contain("--host github or --host azure-pipelines"));
        Assert.That(folder.Files(), Is.Empty);
    }

    [TestCase("https://github.com/contoso/churn.git", RepoHost.GitHub)]
    [TestCase("git@github.com:contoso/churn.git", RepoHost.GitHub)]
    [TestCase("https://contoso@dev.azure.com/contoso/ml/_git/churn", RepoHost.AzurePipelines)]
    [TestCase("https://contoso.visualstudio.com/ml/_git/churn", RepoHost.AzurePipelines)]
    public void The_origin_remote_names_the_host(string url, RepoHost host) =>
        Assert.That(RepoHostDetector.HostOfRemote(url), Is.EqualTo(host));

    [Test]
    public void A_remote_elsewhere_says_nothing() =>
        Assert.That(RepoHostDetector.HostOfRemote("https://gitlab.com/contoso/churn.git"), Is.Null);

    [TestCase("gitlab")]
    [TestCase("jenkins")]
    public void An_unknown_host_is_a_clear_input_error(string value)
    {
        var error = Assert.Throws<InvalidInputException>(() => RepoHostNames.Parse(value))!;
        Assert.That(error.Message, Is.EqualTo($"--host '{value}' is not a CI host: expected github or azure-pipelines"));
    }
}
