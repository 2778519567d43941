using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>Reads the <c>retrain</c> section of mlops.yml, as strictly as the rest of the file.</summary>
internal static partial class RetrainConfigReader
{
    public static RetrainSection Read(YamlNodeReader node)
    {
        node.Mapping("trigger");
        if (node.Child("trigger") is not { } trigger) return new RetrainSection(null);
        trigger.Mapping("azure-pipelines", "github");
        var ado = trigger.Child("azure-pipelines");
        var github = trigger.Child("github");
        if ((ado is null) == (github is null))
            throw (github is null ? trigger : github).Error("'retrain.trigger' needs exactly one of azure-pipelines (a pipeline run) or github (a workflow or repository dispatch)");
        return new RetrainSection(ado is not null ? ReadAzurePipelines(ado) : ReadGitHub(github!));
    }

    private static AzurePipelinesTriggerSection ReadAzurePipelines(YamlNodeReader node)
    {
        node.Mapping("organization-url", "project", "pipeline-id", "branch");
        var url = node.String("organization-url");
        if (url is not null)
        {
            if (!(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                throw node.Required("organization-url").Error(
                    $"'{node.Path}.organization-url' must be an absolute https URL such as https://dev.azure.com/my-org/; found '{url}'");
            url = url.EndsWith('/') ? url : url + "/";
        }
        if (node.Child("pipeline-id") is null)
            throw node.Error($"missing required key 'pipeline-id' in '{node.Path}': the number in the pipeline's URL (…/_build?definitionId=12)");
        return new AzurePipelinesTriggerSection(url, node.String("project"), node.Int("pipeline-id", 0, 1), Branch(node, "branch"));
    }

    private static GitHubTriggerSection ReadGitHub(YamlNodeReader node)
    {
        node.Mapping("repository", "workflow", "ref", "event-type");
        var repository = node.String("repository");
        if (repository is not null && !RepositoryName().IsMatch(repository))
            throw node.Required("repository").Error($"'{node.Path}.repository' must be owner/repo, e.g. contoso/churn-model; found '{repository}'");
        var workflow = node.String("workflow");
        var eventType = node.String("event-type");
        if ((workflow is null) == (eventType is null))
            throw node.Error($"'{node.Path}' needs exactly one of workflow (a workflow_dispatch of e.g. nightly-retrain.yml) " +
                             "or event-type (a repository_dispatch, e.g. retrain)");
        if (eventType is not null && node.Child("ref") is not null)
            throw node.Required("ref").Error($"'{node.Path}.ref' applies to workflow; a repository_dispatch always runs on the default branch");
        if (workflow is not null && workflow.Contains('/'))
            throw node.Required("workflow").Error($"'{node.Path}.workflow' is the file name in .github/workflows (e.g. nightly-retrain.yml) or the workflow id; found '{workflow}'");
        if (eventType is { Length: > 100 })
            throw node.Required("event-type").Error($"'{node.Path}.event-type' may be at most 100 characters (a GitHub limit)");
        return new GitHubTriggerSection(repository, workflow, workflow is null ? null : Branch(node, "ref"), eventType);
    }

    private static string Branch(YamlNodeReader node, string key)
    {
        var value = node.String(key) ?? "main";
        return value.Length > 0 && !value.Any(char.IsWhiteSpace)
            ? value
            : throw node.Required(key).Error($"'{node.Path}.{key}' must be a branch name such as main; found '{value}'");
    }

    [GeneratedRegex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")]
    private static partial Regex RepositoryName();
}
