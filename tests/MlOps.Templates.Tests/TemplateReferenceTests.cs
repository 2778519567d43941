using System.Text.RegularExpressions;

namespace MlOps.Templates.Tests;

/// <summary>
/// The templates and ready pipelines fit together as a host would expand them: every `template:` of an Azure
/// pipeline and every reusable workflow or action a GitHub workflow uses exists, gets only the parameters or inputs
/// it declares and all it requires, and every output read exists. Broken copies (in a copy of pipelines/ and
/// templates/, the layout mlops init writes) must be refused with the file, the line and what is wrong.
/// </summary>
[TestFixture, NonParallelizable]
public partial class TemplateReferenceTests : ScratchTest
{
    private static IEnumerable<string> AzureFiles => RepoPaths.AzurePipelines.Concat(RepoPaths.AzureTemplates);
    private static IEnumerable<string> GitHubFiles => RepoPaths.GitHubWorkflows.Concat(RepoPaths.GitHubTemplates);

    [Test]
    public void Both_hosts_have_the_ready_pipelines_and_the_templates()
    {
        string[] flows = ["feature-branch.yml", "pr-gate.yml", "release.yml", "nightly-retrain.yml"];
        Assert.That(RepoPaths.AzurePipelines.Select(Path.GetFileName), Is.SupersetOf(flows));
        Assert.That(RepoPaths.GitHubWorkflows.Select(Path.GetFileName), Is.SupersetOf(flows));
        Assert.That(RepoPaths.AzureTemplates.Select(f => Path.GetRelativePath("templates/azure-pipelines", f)), Is.SupersetOf(new[]
        {
            "steps/train.yml", "steps/gate.yml", "steps/register.yml", "steps/package.yml", "steps/deploy.yml", "steps/compare.yml",
            "jobs/gate.yml", "jobs/deploy.yml", "stages/gate.yml", "stages/release.yml",
        }));
        Assert.That(RepoPaths.GitHubTemplates.Select(Path.GetFileName), Is.SupersetOf(new[] { "mlops-gate.yml", "mlops-package.yml", "mlops-deploy.yml" }));
    }

    [TestCaseSource(nameof(AzureFiles))]
    public void Azure_template_references_and_parameters_resolve(string file) =>
        Assert.That(AzureTemplateReferences.Problems(file, RepoPaths.Root), Is.Empty);

    [TestCaseSource(nameof(GitHubFiles))]
    public void GitHub_workflow_references_inputs_and_outputs_resolve(string file) =>
        Assert.That(WorkflowReferences.Problems(file, RepoPaths.Root), Is.Empty);

    [Test]
    public void The_ready_pipelines_use_the_templates()
    {
        foreach (var flow in new[] { "feature-branch.yml", "pr-gate.yml", "release.yml" })
            Assert.That(File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines/azure-pipelines", flow)), Does.Contain("template: ../../templates/azure-pipelines/"), flow);
        foreach (var flow in new[] { "feature-branch.yml", "release.yml" })
            Assert.That(File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines/github", flow)), Does.Contain("uses: ./.github/workflows/mlops-"), flow);
    }

    [Test]
    public void The_readme_template_example_resolves_from_the_ready_pipelines_folder()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var example = YamlBlock().Matches(readme).Select(m => m.Groups[1].Value).Single(b => b.Contains("template: ../../templates/azure-pipelines/"));
        var root = CopyLayout();
        File.WriteAllText(Path.Combine(root, "pipelines/azure-pipelines/readme-example.yml"), example);
        Assert.That(AzureTemplateReferences.Problems("pipelines/azure-pipelines/readme-example.yml", root), Is.Empty);
    }

    [Test]
    public void A_missing_azure_template_is_reported_where_it_is_referenced()
    {
        var root = CopyLayout();
        File.Delete(Path.Combine(root, "templates/azure-pipelines/steps/gate.yml"));
        Assert.That(AzureTemplateReferences.Problems("templates/azure-pipelines/jobs/gate.yml", root),
            Is.EqualTo(new[] { "templates/azure-pipelines/jobs/gate.yml:48: template '../steps/gate.yml' not found (looked for templates/azure-pipelines/steps/gate.yml)" }));
    }

    [Test]
    public void An_undeclared_azure_parameter_is_reported_with_what_the_template_declares()
    {
        var root = CopyLayout();
        Edit(root, "pipelines/azure-pipelines/feature-branch.yml", "failOnGate: false", "failOnGates: false");
        Assert.That(AzureTemplateReferences.Problems("pipelines/azure-pipelines/feature-branch.yml", root), Is.EqualTo(new[]
        {
            "pipelines/azure-pipelines/feature-branch.yml:20: parameter failOnGates is not declared by templates/azure-pipelines/stages/gate.yml (it declares configPath, failOnGate, register, pool, azureSubscription)",
        }));
    }

    [Test]
    public void A_required_azure_parameter_left_out_a_value_outside_values_and_an_undeclared_use_are_reported()
    {
        var root = CopyLayout();
        Edit(root, "templates/azure-pipelines/stages/release.yml", "          model: $(mlopsModel)\n          image: $(mlopsImage)\n          configPath: ${{ parameters.configPath }}\n          strategy:", "          image: $(mlopsImage)\n          configPath: ${{ parameters.configPath }}\n          strategy:");
        var problems = AzureTemplateReferences.Problems("templates/azure-pipelines/stages/release.yml", root);
        // The problem points at the production stage's `template:` line, the one just edited.
        var stages = File.ReadAllLines(Path.Combine(root, "templates/azure-pipelines/stages/release.yml"));
        var production = Array.FindIndex(stages, l => l.Contains("strategy: ${{ parameters.productionStrategy }}"));
        var templateLine = Array.FindLastIndex(stages, production, l => l.Contains("template: ../jobs/deploy.yml")) + 1;
        Assert.That(problems, Is.EqualTo(new[] { $"templates/azure-pipelines/stages/release.yml:{templateLine}: templates/azure-pipelines/jobs/deploy.yml requires parameter model, which is not given" }));

        Edit(root, "pipelines/azure-pipelines/release.yml", "          register: true", "          register: true\n          pool: ${{ parameters.agentPool }}");
        Edit(root, "templates/azure-pipelines/stages/release.yml", "          strategy: ${{ parameters.productionStrategy }}", "          strategy: blueGreen");
        var poolLine = Array.FindIndex(File.ReadAllLines(Path.Combine(root, "pipelines/azure-pipelines/release.yml")), l => l.Contains("parameters.agentPool")) + 1;
        Assert.That(AzureTemplateReferences.Problems("pipelines/azure-pipelines/release.yml", root),
            Has.One.EqualTo($"pipelines/azure-pipelines/release.yml:{poolLine}: parameters.agentPool is used but not declared in its parameters:"));
        Assert.That(AzureTemplateReferences.Problems("templates/azure-pipelines/stages/release.yml", root),
            Has.One.EqualTo($"templates/azure-pipelines/stages/release.yml:{templateLine}: parameter strategy of templates/azure-pipelines/jobs/deploy.yml is 'blueGreen'; expected one of runOnce, canary"));
    }

    [Test]
    public void An_azure_template_from_another_repository_or_outside_the_copied_folders_is_refused()
    {
        var root = CopyLayout();
        Edit(root, "pipelines/azure-pipelines/feature-branch.yml", "template: ../../templates/azure-pipelines/stages/gate.yml", "template: stages/gate.yml@mlops");
        Edit(root, "pipelines/azure-pipelines/pr-gate.yml", "template: ../../templates/azure-pipelines/jobs/gate.yml", "template: ../../ci/gate.yml");
        Assert.That(AzureTemplateReferences.Problems("pipelines/azure-pipelines/feature-branch.yml", root),
            Has.One.Contains("comes from the repository resource mlops"));
        Assert.That(AzureTemplateReferences.Problems("pipelines/azure-pipelines/pr-gate.yml", root),
            Has.One.Contains("is ci/gate.yml, outside pipelines and templates/"));
    }

    [Test]
    public void A_missing_reusable_workflow_is_reported_where_it_is_called()
    {
        var root = CopyLayout();
        File.Delete(Path.Combine(root, "templates/github/mlops-gate.yml"));
        Assert.That(WorkflowReferences.Problems("pipelines/github/feature-branch.yml", root), Is.EqualTo(new[]
        {
            "pipelines/github/feature-branch.yml:23: ./.github/workflows/mlops-gate.yml not found (looked for templates/github/mlops-gate.yml and pipelines/github/mlops-gate.yml)",
        }));
    }

    [Test]
    public void Undeclared_inputs_and_secrets_missing_required_inputs_and_unknown_outputs_of_a_reusable_workflow_are_reported()
    {
        var root = CopyLayout();
        const string release = "pipelines/github/release.yml";
        // Problems of a called workflow's inputs and secrets point at the calling job's uses:, those of a value at its line.
        Edit(root, release, "      register: true", "      register: true\n      fail-on-gates: false");
        Edit(root, release, "      environment: test\n", "");
        Edit(root, release, "      rollback: true\n    secrets:\n      AZURE_CLIENT_ID: ${{ secrets.AZURE_CLIENT_ID }}",
            "      rollback: true\n    secrets:\n      AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}\n      AZURE_CLIENT_ID: ${{ secrets.AZURE_CLIENT_ID }}");
        Edit(root, release, "model: ${{ needs.package.outputs.model }}\n      image: ${{ needs.package.outputs.pushed_image }}\n      promote",
            "model: ${{ needs.package.outputs.model_version }}\n      image: ${{ needs.package.outputs.pushed_image }}\n      promote");
        Assert.That(WorkflowReferences.Problems(release, root), Is.EquivalentTo(new[]
        {
            $"{release}:{LineOf(root, release, "uses: ./.github/workflows/mlops-gate.yml")}: fail-on-gates is not one of the inputs of templates/github/mlops-gate.yml (config, fail-on-gate, pr-report, register, runs-on)",
            $"{release}:{LineOf(root, release, "uses: ./.github/workflows/mlops-deploy.yml")}: environment is required by the inputs of templates/github/mlops-deploy.yml and not given",
            $"{release}:{LinesOf(root, release, "uses: ./.github/workflows/mlops-deploy.yml")[1]}: AZURE_CLIENT_SECRET is not one of the secrets of templates/github/mlops-deploy.yml (AZURE_CLIENT_ID, AZURE_TENANT_ID, KUBECONFIG)",
            $"{release}:{LineOf(root, release, "needs.package.outputs.model_version")}: needs.package.outputs.model_version: job package has no output model_version (it has model, image, image_digest, pushed_image)",
        }));
    }

    [Test]
    public void A_reusable_workflow_that_gives_an_action_an_unknown_input_or_reads_an_undeclared_input_is_reported()
    {
        var root = CopyLayout();
        const string deploy = "templates/github/mlops-deploy.yml";
        Edit(root, deploy, "          env: ${{ inputs.deploy-env || inputs.environment }}\n          model:", "          environment: ${{ inputs.deploy-env || inputs.environment }}\n          model:");
        Edit(root, deploy, "if: inputs.promote", "if: inputs.promote-to-production");
        var uses = LineOf(root, deploy, "uses: YOUR-ORG/mlops/actions/deploy@main"); // problems with a step's inputs point at its uses:
        var promote = LineOf(root, deploy, "if: inputs.promote-to-production");
        Assert.That(WorkflowReferences.Problems(deploy, root), Is.EquivalentTo(new[]
        {
            $"{deploy}:{uses}: environment is not one of the inputs of actions/deploy/action.yml (env, model, image, package, stop, config, registry, working-directory)",
            $"{deploy}:{uses}: env is required by the inputs of actions/deploy/action.yml and not given",
            $"{deploy}:{promote}: inputs.promote-to-production is read but not declared under on.workflow_call.inputs",
        }));
    }

    /// <summary>The 1-based line of the first line holding the text (0 when none: the assertion then fails).</summary>
    private static int LineOf(string root, string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(root, file)), l => l.Contains(text)) + 1;

    /// <summary>The 1-based lines holding the text, in order.</summary>
    private static int[] LinesOf(string root, string file, string text) =>
        File.ReadAllLines(Path.Combine(root, file)).Select((l, i) => (l, i)).Where(x => x.l.Contains(text)).Select(x => x.i + 1).ToArray();

    /// <summary>pipelines/ and templates/ copied into the scratch folder, as mlops init copies them into a repository.</summary>
    private string CopyLayout()
    {
        var root = Path.Combine(Scratch, "repo");
        foreach (var folder in new[] { "pipelines", "templates" })
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(root, Path.GetRelativePath(RepoPaths.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return root;
    }

    private static void Edit(string root, string file, string from, string to)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from), "the edit must apply, or the broken copy is not broken");
        File.WriteAllText(path, text.Replace(from, to));
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
