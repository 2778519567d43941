using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

public class RetrainConfigTests
{
    private const string Head = """
        model: { name: churn, task: binary-classification, label: churned }
        data: { train: data/train.csv }

        """;

    private static MlOpsConfig Parse(string retrain) =>
        ConfigLoader.Parse(new StringReader(Head + retrain), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string retrain) => Assert.Throws<InvalidInputException>(() => Parse(retrain))!.Message;

    [Test]
    public void No_retrain_section_means_no_trigger() =>
        Assert.That(Parse("").Retrain.Trigger, Is.Null);

    [Test]
    public void Azure_pipelines_trigger_is_read_with_a_trailing_slash_on_the_organization()
    {
        var trigger = Parse("""
            retrain: { trigger: { azure-pipelines: { organization-url: "https://dev.azure.com/org", project: p, pipeline-id: 12, branch: release } } }
            """).Retrain.Trigger;
        Assert.That(trigger, Is.EqualTo(new AzurePipelinesTriggerSection("https://dev.azure.com/org/", "p", 12, "release")));
    }

    [Test]
    public void Azure_pipelines_trigger_leaves_organization_and_project_to_the_agent_and_defaults_to_main() =>
        Assert.That(Parse("retrain: { trigger: { azure-pipelines: { pipeline-id: 3 } } }").Retrain.Trigger,
            Is.EqualTo(new AzurePipelinesTriggerSection(null, null, 3, "main")));

    [Test]
    public void GitHub_workflow_dispatch_and_repository_dispatch_are_read()
    {
        Assert.That(Parse("retrain: { trigger: { github: { repository: owner/repo, workflow: nightly-retrain.yml, ref: main } } }").Retrain.Trigger,
            Is.EqualTo(new GitHubTriggerSection("owner/repo", "nightly-retrain.yml", "main", null)));
        Assert.That(Parse("retrain: { trigger: { github: { repository: owner/repo, event-type: retrain } } }").Retrain.Trigger,
            Is.EqualTo(new GitHubTriggerSection("owner/repo", null, null, "retrain")));
    }

    [Test]
    public void A_misspelt_key_is_reported_with_its_line_column_and_a_suggestion() =>
        Assert.That(ErrorOf("retrain:\n  trigger:\n    azure-pipelines: { pipeline-id: 1, pipeline_id: 2 }\n"),
            Does.StartWith("mlops.yml:5:40: unknown key 'pipeline_id'").And.Contain("did you mean 'pipeline-id'?"));

    [Test]
    public void Both_hosts_at_once_are_refused() =>
        Assert.That(ErrorOf("retrain:\n  trigger:\n    azure-pipelines: { pipeline-id: 1 }\n    github: { event-type: retrain }\n"),
            Does.StartWith("mlops.yml:6:13: 'retrain.trigger' needs exactly one of azure-pipelines"));

    [Test]
    public void Missing_pipeline_id_says_where_to_find_it() =>
        Assert.That(ErrorOf("retrain: { trigger: { azure-pipelines: { project: p } } }"),
            Does.StartWith("mlops.yml:3:40: missing required key 'pipeline-id'").And.Contain("definitionId"));

    [TestCase("pipeline-id: 0", "'retrain.trigger.azure-pipelines.pipeline-id' must be between 1 and")]
    [TestCase("pipeline-id: twelve", "'retrain.trigger.azure-pipelines.pipeline-id' must be a whole number, found 'twelve'")]
    [TestCase("pipeline-id: 1, organization-url: dev.azure.com/org", "must be an absolute https URL such as https://dev.azure.com/my-org/")]
    public void Bad_azure_pipelines_values_are_explained(string body, string expected) =>
        Assert.That(ErrorOf($"retrain: {{ trigger: {{ azure-pipelines: {{ {body} }} }} }}"), Does.StartWith("mlops.yml:3:").And.Contain(expected));

    [TestCase("repository: owner/repo", "needs exactly one of workflow")]
    [TestCase("workflow: a.yml, event-type: retrain", "needs exactly one of workflow")]
    [TestCase("repository: just-a-name, workflow: a.yml", "must be owner/repo")]
    [TestCase("event-type: retrain, ref: main", "'retrain.trigger.github.ref' applies to workflow")]
    [TestCase("workflow: .github/workflows/a.yml", "is the file name in .github/workflows")]
    public void Bad_github_values_are_explained(string body, string expected) =>
        Assert.That(ErrorOf($"retrain: {{ trigger: {{ github: {{ {body} }} }} }}"), Does.StartWith("mlops.yml:3:").And.Contain(expected));
}
