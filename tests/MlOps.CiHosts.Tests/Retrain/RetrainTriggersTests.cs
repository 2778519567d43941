using MlOps.CiHosts.Retrain;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.CiHosts.Tests.Retrain;

public class RetrainTriggersTests
{
    private static readonly RetrainClientOptions Fast = new() { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10) };
    private static readonly RetrainRequest Request = new("churn", "drift", new Dictionary<string, string>());

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void No_trigger_configured_gives_none() =>
        Assert.That(RetrainTriggers.Create(new RetrainSection(null), Env()), Is.Null);

    [Test]
    public async Task Azure_pipelines_takes_organization_project_and_job_token_from_the_agent_and_masks_the_token()
    {
        await using var ado = await FakeAzureDevOps.StartNewAsync();
        var host = new LocalHost(_ => null, TextWriter.Null, TextWriter.Null);
        var trigger = RetrainTriggers.Create(new RetrainSection(new AzurePipelinesTriggerSection(null, null, FakeAzureDevOps.PipelineId, "main")),
            Env(("SYSTEM_COLLECTIONURI", ado.OrganizationUrl.AbsoluteUri), ("SYSTEM_TEAMPROJECT", FakeAzureDevOps.Project),
                ("SYSTEM_ACCESSTOKEN", FakeAzureDevOps.JobToken), ("MLOPS_ADO_PAT", "a-pat-that-loses")), host, Fast)!;

        var run = await trigger.TriggerAsync(Request);

        Assert.That(run.Id, Is.EqualTo("1234"));
        Assert.That(ado.Requests.Single().Authorization, Is.EqualTo("Bearer " + FakeAzureDevOps.JobToken));
        Assert.That(host.Redact($"token is {FakeAzureDevOps.JobToken}"), Does.Not.Contain(FakeAzureDevOps.JobToken));
    }

    [Test]
    public void Azure_pipelines_without_a_token_says_how_to_provide_one()
    {
        var e = Assert.Throws<InvalidInputException>(() => RetrainTriggers.Create(
            new RetrainSection(new AzurePipelinesTriggerSection("https://dev.azure.com/org/", "p", 12, "main")), Env()))!;
        Assert.That(e.Message, Does.Contain("SYSTEM_ACCESSTOKEN: $(System.AccessToken)").And.Contain("MLOPS_ADO_PAT"));
    }

    [Test]
    public void Azure_pipelines_outside_a_pipeline_without_organization_url_names_the_key() =>
        Assert.That(Assert.Throws<InvalidInputException>(() => RetrainTriggers.Create(
                new RetrainSection(new AzurePipelinesTriggerSection(null, "p", 12, "main")), Env(("MLOPS_ADO_PAT", "x"))))!.Message,
            Does.StartWith("retrain.trigger.azure-pipelines.organization-url is not set and SYSTEM_COLLECTIONURI is empty"));

    [Test]
    public async Task GitHub_uses_GITHUB_API_URL_and_prefers_MLOPS_GITHUB_TOKEN_over_the_workflow_token()
    {
        await using var github = await FakeGitHub.StartNewAsync();
        var host = new LocalHost(_ => null, TextWriter.Null, TextWriter.Null);
        var trigger = RetrainTriggers.Create(new RetrainSection(new GitHubTriggerSection(null, null, null, "retrain")),
            Env(("GITHUB_API_URL", github.BaseUri.AbsoluteUri.TrimEnd('/')), ("GITHUB_REPOSITORY", FakeGitHub.Repository),
                ("GITHUB_TOKEN", "ghs_workflowTokenOfThisRepo"), ("MLOPS_GITHUB_TOKEN", FakeGitHub.Token)), host, Fast)!;

        await trigger.TriggerAsync(Request);

        Assert.That(github.Requests.Single().Path, Is.EqualTo($"/repos/{FakeGitHub.Repository}/dispatches"));
        Assert.That(github.Requests.Single().Status, Is.EqualTo(204));
        Assert.That(host.Redact(FakeGitHub.Token), Does.Not.Contain(FakeGitHub.Token));
    }

    [Test]
    public void GitHub_without_a_token_names_the_permission_the_dispatch_needs() =>
        Assert.That(Assert.Throws<InvalidInputException>(() => RetrainTriggers.Create(
                new RetrainSection(new GitHubTriggerSection("o/r", "nightly-retrain.yml", "main", null)), Env()))!.Message,
            Does.Contain("needs a token with actions: write").And.Contain("GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}").And.Contain("MLOPS_GITHUB_TOKEN"));
}
