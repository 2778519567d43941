using System.Text.RegularExpressions;

namespace MlOps.Templates.Tests;

/// <summary>
/// templates/: every Azure Pipelines template valid against the official schema with our tasks added (as an
/// organization's own schema lists its extensions' tasks), every reusable workflow valid against the workflow schema
/// and clean for actionlint, and both safe by <see cref="PipelineSecurity"/>. Broken copies must be refused.
/// </summary>
[TestFixture, NonParallelizable]
public class TemplateFileTests : ScratchTest
{
    private static IEnumerable<string> AzureTemplates => RepoPaths.AzureTemplates;
    private static IEnumerable<string> GitHubTemplates => RepoPaths.GitHubTemplates;

    [TestCaseSource(nameof(AzureTemplates))]
    public void Azure_template_matches_the_azure_pipelines_schema(string file)
    {
        var run = SchemaTools.AzurePipelinesSchema(file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("1 file(s) valid"));
    }

    [TestCaseSource(nameof(AzureTemplates))]
    public void Azure_template_keeps_parameters_and_macros_out_of_scripts(string file) =>
        Assert.That(PipelineSecurity.AzurePipelines(file), Is.Empty);

    [Test]
    public void An_unknown_input_or_a_wrong_choice_of_our_task_fails_the_schema_with_its_line()
    {
        var input = BrokenCopy("templates/azure-pipelines/steps/train.yml", "      outputDirectory:", "      outputDir:");
        var run = SchemaTools.AzurePipelinesSchema(input);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Match($@"{Regex.Escape(input)}:\d+:7: Unexpected property outputDir"));

        var choice = BrokenCopy("templates/azure-pipelines/steps/deploy.yml", "      action: ${{ parameters.action }}", "      action: restart");
        run = SchemaTools.AzurePipelinesSchema(choice);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Match($@"{Regex.Escape(choice)}:\d+:15: Value is not accepted. Valid values: ""deploy"", ""stop""."));
    }

    [Test]
    public void A_task_step_without_its_required_input_fails_the_schema()
    {
        var broken = BrokenCopy("templates/azure-pipelines/steps/register.yml", "      model: ${{ parameters.model }}\n", "");
        var run = SchemaTools.AzurePipelinesSchema(broken);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain("Missing property \"model\""));
    }

    [TestCaseSource(nameof(GitHubTemplates))]
    public void Reusable_workflow_matches_the_workflow_schema_and_passes_actionlint(string file)
    {
        var schema = SchemaTools.GitHubWorkflowSchema(file);
        Assert.That(schema.ExitCode, Is.EqualTo(0), schema.ToString());
        Assert.That(schema.Output, Does.Contain($"{file} valid"));
        var lint = SchemaTools.ActionLint(file);
        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
    }

    [TestCaseSource(nameof(GitHubTemplates))]
    public void Reusable_workflow_is_called_only_and_safe(string file)
    {
        Assert.That(PipelineSecurity.IsCalledOnly(PipelineSecurity.Load(file)), "on: workflow_call only");
        Assert.That(PipelineSecurity.GitHub(file), Is.Empty);
    }

    [Test]
    public void A_reusable_workflow_with_a_wrong_input_type_fails_the_schema_and_one_that_asks_for_writes_is_caught()
    {
        var type = BrokenCopy("templates/github/mlops-gate.yml", "type: boolean\n        default: true", "type: bool\n        default: true");
        var run = SchemaTools.GitHubWorkflowSchema(type);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("invalid"));

        var writes = BrokenCopy("templates/github/mlops-deploy.yml", "jobs:\n", "permissions:\n  contents: write\n\njobs:\n");
        Assert.That(PipelineSecurity.GitHub(writes), Has.One.Contain("permissions contents: write"));
    }

    [Test]
    public void A_caller_without_permissions_is_still_caught()
    {
        var broken = BrokenCopy("pipelines/github/release.yml", "permissions:\n  contents: read\n  id-token: write # mlops signs in to Azure with the job's OIDC token\n", "");
        Assert.That(PipelineSecurity.GitHub(broken), Has.One.Contain("no top-level permissions"));
    }
}
