namespace MlOps.CiHosts;

/// <summary>
/// Who started the run and where its log is, as the CI system reports it: what the audit trail records as "who" and
/// "run URL", and what lineage links a model to. Every field is null when the host does not say (never guessed).
/// </summary>
/// <param name="Host">"azure-pipelines", "github-actions" or "local".</param>
/// <param name="RequestedBy">The identity that triggered the run: Build.RequestedFor on Azure Pipelines, GITHUB_ACTOR on GitHub, the OS user locally.</param>
/// <param name="RunUrl">A link to the run's page (build results / Actions run), null outside CI.</param>
/// <param name="RunId">The host's id of the run (Build.BuildId, GITHUB_RUN_ID).</param>
/// <param name="Repository">The repository's web URL, without credentials.</param>
/// <param name="Commit">The commit the run built (Build.SourceVersion, GITHUB_SHA).</param>
/// <param name="Branch">The branch without refs/heads/ (for a PR: its source branch).</param>
public sealed record CiRunInfo(
    string Host,
    string? RequestedBy,
    string? RunUrl = null,
    string? RunId = null,
    string? Repository = null,
    string? Commit = null,
    string? Branch = null)
{
    /// <summary>refs/heads/main → main; refs/pull/7/merge is kept as is (it is not a branch name).</summary>
    public static string? BranchName(string? reference) =>
        string.IsNullOrEmpty(reference) ? null
        : reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference;
}
