using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.CiHosts.Retrain;

/// <summary>
/// Builds the retrain trigger mlops.yml's <c>retrain.trigger</c> names, with its token from the environment. What the
/// file leaves out comes from the CI variables of the run (SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, GITHUB_REPOSITORY,
/// GITHUB_API_URL, GITHUB_SERVER_URL), so a pipeline retraining itself needs only the pipeline id or workflow.
/// </summary>
public static class RetrainTriggers
{
    public const string GitHubTokenVariable = "GITHUB_TOKEN";
    public const string MlOpsGitHubTokenVariable = "MLOPS_GITHUB_TOKEN";

    /// <summary>Null when no trigger is configured. Tokens are registered with <paramref name="host"/> as secrets.</summary>
    public static IRetrainTrigger? Create(RetrainSection retrain, Func<string, string?> environment, ICiHost? host = null,
        RetrainClientOptions? options = null) => retrain.Trigger switch
    {
        null => null,
        AzurePipelinesTriggerSection ado => AzurePipelines(ado, environment, host, options),
        GitHubTriggerSection github => GitHub(github, environment, host, options),
        var other => throw new InvalidInputException($"retrain.trigger: {other.GetType().Name} is not supported"),
    };

    private static AzurePipelinesRetrainTrigger AzurePipelines(AzurePipelinesTriggerSection ado, Func<string, string?> environment,
        ICiHost? host, RetrainClientOptions? options)
    {
        var organization = ado.OrganizationUrl ?? Set(environment("SYSTEM_COLLECTIONURI"))
            ?? throw new InvalidInputException("retrain.trigger.azure-pipelines.organization-url is not set and SYSTEM_COLLECTIONURI is empty " +
                                               "(outside Azure Pipelines); set organization-url: https://dev.azure.com/YOUR-ORG/");
        var project = ado.Project ?? Set(environment("SYSTEM_TEAMPROJECT"))
            ?? throw new InvalidInputException("retrain.trigger.azure-pipelines.project is not set and SYSTEM_TEAMPROJECT is empty " +
                                               "(outside Azure Pipelines); set project: YOUR-PROJECT");
        if (!Uri.TryCreate(organization, UriKind.Absolute, out var organizationUri) || organizationUri.Scheme is not ("https" or "http"))
            throw new InvalidInputException($"SYSTEM_COLLECTIONURI '{organization}' is not an absolute https URL");
        var token = AzureDevOpsToken.FromEnvironment(environment)
            ?? throw new InvalidInputException(
                $"starting Azure Pipelines pipeline {ado.PipelineId} needs a token: in a pipeline map env: {AzureDevOpsToken.AccessTokenVariable}: " +
                $"$(System.AccessToken) into the step; elsewhere set {AzureDevOpsToken.PatVariable} to a PAT with the Build (Read & execute) scope");
        host?.SetSecret(token.Value);
        return new AzurePipelinesRetrainTrigger(organizationUri, project, ado.PipelineId, ado.Branch, token, options);
    }

    private static GitHubRetrainTrigger GitHub(GitHubTriggerSection github, Func<string, string?> environment, ICiHost? host,
        RetrainClientOptions? options)
    {
        var repository = github.Repository ?? Set(environment("GITHUB_REPOSITORY"))
            ?? throw new InvalidInputException("retrain.trigger.github.repository is not set and GITHUB_REPOSITORY is empty (outside GitHub Actions); " +
                                               "set repository: OWNER/REPO");
        if (repository.Count(c => c == '/') != 1)
            throw new InvalidInputException($"GITHUB_REPOSITORY '{repository}' is not OWNER/REPO");
        var permission = github.Workflow is not null ? "actions: write" : "contents: write";
        var token = Set(environment(MlOpsGitHubTokenVariable)) ?? Set(environment(GitHubTokenVariable))
            ?? throw new InvalidInputException(
                $"starting a GitHub retrain in {repository} needs a token with {permission}: set env {GitHubTokenVariable}: ${{{{ secrets.GITHUB_TOKEN }}}} " +
                $"(and permissions: {permission}) in the workflow, or {MlOpsGitHubTokenVariable} to a token for another repository");
        host?.SetSecret(token);
        return new GitHubRetrainTrigger(repository, github.Workflow, github.Ref, github.EventType, token,
            Url(environment("GITHUB_API_URL"), "GITHUB_API_URL"), Url(environment("GITHUB_SERVER_URL"), "GITHUB_SERVER_URL"), options);
    }

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? Url(string? value, string variable) =>
        Set(value) is not { } v ? null
        : Uri.TryCreate(v.EndsWith('/') ? v : v + "/", UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri
        : throw new InvalidInputException($"{variable} '{v}' is not an absolute https URL");
}
