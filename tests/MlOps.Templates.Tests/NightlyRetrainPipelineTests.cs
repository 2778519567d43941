using System.Text.RegularExpressions;

namespace MlOps.Templates.Tests;

/// <summary>
/// pipelines/*/nightly-retrain.yml: valid against the official schemas (shared/schemas), clean for actionlint, safe by
/// <see cref="PipelineSecurity"/>, and accepting what `mlops monitor --trigger` sends (model and reason). Every
/// validator is also shown a broken copy, so a validator that accepts anything fails here.
/// </summary>
[TestFixture, NonParallelizable]
public class NightlyRetrainPipelineTests : ScratchTest
{
    private const string GitHubNightly = "pipelines/github/nightly-retrain.yml";
    private const string AzureNightly = "pipelines/azure-pipelines/nightly-retrain.yml";

    private static IEnumerable<string> GitHubWorkflows => RepoPaths.GitHubWorkflows;
    private static IEnumerable<string> AzurePipelines => RepoPaths.AzurePipelines;

    [Test]
    public void Both_hosts_have_a_nightly_retrain() =>
        Assert.That(new[] { GitHubNightly, AzureNightly }.Select(f => File.Exists(Path.Combine(RepoPaths.Root, f))), Is.All.True);

    [TestCaseSource(nameof(GitHubWorkflows))]
    public void GitHub_workflow_matches_the_workflow_schema(string file)
    {
        var run = SchemaTools.GitHubWorkflowSchema(file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"{file} valid"));
    }

    [TestCaseSource(nameof(GitHubWorkflows))]
    public void GitHub_workflow_passes_actionlint(string file) =>
        Assert.That(SchemaTools.ActionLint(file), Has.Property("ExitCode").EqualTo(0));

    [TestCaseSource(nameof(AzurePipelines))]
    public void Azure_pipeline_matches_the_azure_pipelines_schema(string file)
    {
        var run = SchemaTools.AzurePipelinesSchema(file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("1 file(s) valid"));
    }

    [Test]
    public void A_workflow_with_a_misspelt_key_fails_the_schema()
    {
        var run = SchemaTools.GitHubWorkflowSchema(BrokenCopy(GitHubNightly, "runs-on:", "run-on:"));
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("invalid").And.Contain("/jobs/retrain"));
    }

    [Test]
    public void A_workflow_that_is_not_yaml_fails_actionlint()
    {
        var run = SchemaTools.ActionLint(BrokenCopy(GitHubNightly, "run: |\n          mlops register", "run: mlops register: now\n          mlops register"));
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("could not parse as YAML"));
    }

    [Test]
    public void An_azure_pipeline_with_a_misspelt_key_fails_the_schema_with_its_line_and_column()
    {
        var broken = BrokenCopy(AzureNightly, "    steps:", "    stepz:");
        var run = SchemaTools.AzurePipelinesSchema(broken);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Match($@"{Regex.Escape(broken)}:\d+:5: Unexpected property stepz"));
    }

    [TestCaseSource(nameof(GitHubWorkflows))]
    public void GitHub_workflow_is_least_privilege_and_keeps_event_data_out_of_scripts(string file) =>
        Assert.That(PipelineSecurity.GitHub(file), Is.Empty);

    [TestCaseSource(nameof(AzurePipelines))]
    public void Azure_pipeline_keeps_parameters_and_macros_out_of_scripts(string file) =>
        Assert.That(PipelineSecurity.AzurePipelines(file), Is.Empty);

    [Test]
    public void Event_data_in_a_run_script_or_a_write_permission_is_caught()
    {
        var injected = BrokenCopy(GitHubNightly, "echo \"retrain ${RETRAIN_MODEL", "echo \"retrain ${{ github.event.client_payload.reason }} ${RETRAIN_MODEL");
        Assert.That(PipelineSecurity.GitHub(injected), Has.One.Match(@":\d+: \$\{\{ \}\} inside run:"));
        var writes = BrokenCopy(GitHubNightly, "contents: read", "contents: write");
        Assert.That(PipelineSecurity.GitHub(writes), Has.One.Contain("permissions contents: write"));
        var persisted = BrokenCopy(GitHubNightly, "persist-credentials: false", "persist-credentials: true");
        Assert.That(PipelineSecurity.GitHub(persisted), Has.One.Contain("persist-credentials: false"));
    }

    [Test]
    public void A_parameter_or_macro_in_an_azure_script_is_caught()
    {
        var parameter = BrokenCopy(AzureNightly, "echo \"retrain ${RETRAIN_MODEL", "echo \"retrain ${{ parameters.reason }} ${RETRAIN_MODEL");
        Assert.That(PipelineSecurity.AzurePipelines(parameter), Has.One.Contain("inside inlineScript"));
        var macro = BrokenCopy(AzureNightly, "--description \"nightly retrain: $RETRAIN_REASON\"", "--description \"$(Build.SourceVersionMessage)\"");
        Assert.That(PipelineSecurity.AzurePipelines(macro), Has.One.Contain("$(Variable.Name) macro inside inlineScript"));
    }

    [Test]
    public void The_azure_pipeline_declares_the_parameters_the_retrain_trigger_sends()
    {
        var parameters = (YamlDotNet.RepresentationModel.YamlSequenceNode)PipelineSecurity.Child(PipelineSecurity.Load(AzureNightly), "parameters")!;
        Assert.That(parameters.Select(p => PipelineSecurity.Text(PipelineSecurity.Child(p, "name"))), Is.EquivalentTo(new[] { "model", "reason" }));
        Assert.That(parameters.Select(p => PipelineSecurity.Child(p, "default")), Has.All.Not.Null, "a scheduled run passes no parameters");
    }

    [Test]
    public void The_github_workflow_accepts_both_dispatches_the_retrain_trigger_sends()
    {
        var on = PipelineSecurity.Child(PipelineSecurity.Load(GitHubNightly), "on");
        var inputs = (YamlDotNet.RepresentationModel.YamlMappingNode)PipelineSecurity.Child(PipelineSecurity.Child(on, "workflow_dispatch"), "inputs")!;
        Assert.That(inputs.Children.Keys.Select(PipelineSecurity.Text), Is.EquivalentTo(new[] { "model", "reason" }));
        var types = (YamlDotNet.RepresentationModel.YamlSequenceNode)PipelineSecurity.Child(PipelineSecurity.Child(on, "repository_dispatch"), "types")!;
        Assert.That(types.Select(PipelineSecurity.Text), Does.Contain("retrain"));
        Assert.That(PipelineSecurity.Child(on, "schedule"), Is.Not.Null);
    }
}
