namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// The Azure Repos PR an Azure Pipelines run validates, from the agent's predefined variables. Project and repository
/// are taken by id where the agent gives one, so renames and spaces in names never matter.
/// </summary>
/// <param name="CollectionUri">System.CollectionUri, e.g. https://dev.azure.com/contoso/ (always ends with '/').</param>
public sealed record AzureReposPullRequest(Uri CollectionUri, string Project, string RepositoryId, int PullRequestId)
{
    /// <summary>The PR, or null with the reason this run is not an Azure Repos PR build.</summary>
    public static AzureReposPullRequest? FromEnvironment(Func<string, string?> env, out string reason)
    {
        string? Var(string name) => env(name) is { Length: > 0 } v ? v : null;
        var id = Var("SYSTEM_PULLREQUEST_PULLREQUESTID");
        if (id is null)
        {
            reason = $"this run is not for a pull request (Build.Reason is '{Var("BUILD_REASON")}')";
            return null;
        }
        // A GitHub or Bitbucket repository built by Azure Pipelines has PR variables too, but its PR lives elsewhere.
        if (Var("BUILD_REPOSITORY_PROVIDER") is { } provider && !string.Equals(provider, "TfsGit", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"the repository is on {provider}, not Azure Repos: PR reporting from Azure Pipelines covers Azure Repos";
            return null;
        }
        var missing = new[] { "SYSTEM_COLLECTIONURI", "BUILD_REPOSITORY_ID" }.Where(n => Var(n) is null)
            .Concat(Var("SYSTEM_TEAMPROJECTID") is null && Var("SYSTEM_TEAMPROJECT") is null ? ["SYSTEM_TEAMPROJECTID"] : []).ToList();
        if (missing.Count > 0 || !int.TryParse(id, out var number)
            || !Uri.TryCreate(Var("SYSTEM_COLLECTIONURI")!.TrimEnd('/') + "/", UriKind.Absolute, out var collection))
        {
            reason = missing.Count > 0
                ? $"the agent did not set {string.Join(", ", missing)}"
                : $"SYSTEM_PULLREQUEST_PULLREQUESTID '{id}' or SYSTEM_COLLECTIONURI '{Var("SYSTEM_COLLECTIONURI")}' is malformed";
            return null;
        }
        reason = "";
        return new AzureReposPullRequest(collection, (Var("SYSTEM_TEAMPROJECTID") ?? Var("SYSTEM_TEAMPROJECT"))!, Var("BUILD_REPOSITORY_ID")!, number);
    }

    /// <summary>…/_apis/git/repositories/REPO/pullRequests/ID + <paramref name="tail"/>, api-version 7.1.</summary>
    public Uri Api(string tail) =>
        new(CollectionUri, $"{Uri.EscapeDataString(Project)}/_apis/git/repositories/{Uri.EscapeDataString(RepositoryId)}" +
                           $"/pullRequests/{PullRequestId}{tail}?api-version=7.1");
}
