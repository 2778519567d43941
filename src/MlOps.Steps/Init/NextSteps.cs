using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Steps.Init;

/// <summary>What a user still has to do in the host's UI after init: the parts no file in a repository can configure.</summary>
public static partial class NextSteps
{
    [GeneratedRegex(@"\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SecretReference();

    /// <summary>The repository secrets the workflows read; GITHUB_TOKEN is GitHub's own.</summary>
    private static List<string> SecretsNamed(IEnumerable<PlannedFile> files) =>
        files.SelectMany(f => SecretReference().Matches(Encoding.UTF8.GetString(f.Content)).Select(m => m.Groups[1].Value))
            .Where(s => s != "GITHUB_TOKEN").Distinct().Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> For(RepoHost host, IReadOnlyList<PlannedFile> files, StarterModel model, string directory)
    {
        var steps = new List<string>();
        if (model.Train is null)
            steps.Add("Edit mlops.yml: point data.train/data.test at your CSV files and set model.label and model.task (or rerun init with --data, --test and --label).");
        else
        {
            steps.Add("Read mlops.yml: check the task, positive class and excluded columns init inferred.");
            if (model.Test is null)
                steps.Add("Set data.test in mlops.yml to the CSV the gate scores models on (or rerun init with --test).");
            var outside = new[] { model.Train, model.Test }.OfType<string>()
                .Where(p => Path.GetRelativePath(directory, Path.GetFullPath(p)).StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(Path.GetRelativePath(directory, Path.GetFullPath(p))))
                .ToList();
            if (outside.Count > 0)
                steps.Add($"{string.Join(" and ", outside)} {(outside.Count == 1 ? "is" : "are")} outside the repository, where a pipeline cannot find {(outside.Count == 1 ? "it" : "them")}: commit the data (or fetch it in the pipeline) and fix the paths in mlops.yml.");
        }
        steps.Add("Use a registry that outlives one run (registry.backend azureml in mlops.yml): the gate compares with the model aliased production in it.");
        if (files.Any(f => f.Content.AsSpan().IndexOf("YOUR-ORG/mlops"u8) >= 0))
            steps.Add("Replace YOUR-ORG/mlops in the workflows with the repository (and ref) the mlops actions come from.");
        if (host == RepoHost.GitHub)
        {
            steps.Add("Settings → Environments: create the environments the workflows deploy to (e.g. test, production) and add required reviewers to production, so a release waits for approval.");
            steps.Add("Settings → Branches: protect main and require the check of the PR gate workflow, so a regression blocks the merge.");
            var secrets = SecretsNamed(files);
            if (secrets.Count > 0)
                steps.Add($"Settings → Secrets and variables → Actions: add the secrets the workflows use: {string.Join(", ", secrets)} (Azure: a workload identity federation app registration, no client secret).");
            steps.Add("Commit the files and open a pull request: the PR gate runs on it.");
        }
        else
        {
            steps.Add("Install the mlops extension from the Marketplace in your Azure DevOps organization (the MlOps* tasks).");
            steps.Add("Pipelines → New pipeline → Existing Azure Pipelines YAML file: create one pipeline per file in pipelines/azure-pipelines/.");
            steps.Add("Project settings → Service connections: an Azure Resource Manager connection (workload identity federation) named as the pipelines' azureServiceConnection variable.");
            steps.Add("Pipelines → Environments: create test and production and add an Approvals check to production, so a release waits for approval.");
            steps.Add("Repos → Branches → main → Branch policies: add the PR gate pipeline as build validation and require the status genre mlops, so a regression blocks the merge.");
        }
        return steps;
    }
}
