namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// Puts a gate report on the pull request that triggered the run: a status a branch policy / required check can use,
/// and one comment that is updated in place on every re-run (never a new comment per push).
/// </summary>
public interface IPullRequestReporter
{
    /// <summary>Where the report goes, for the log, e.g. "GitHub PR #12 in octo/models".</summary>
    string Description { get; }

    /// <summary>What was written, one line each (status, comment), for the log.</summary>
    /// <exception cref="PullRequestReportException">The service refused (401/403) or kept failing after retries.</exception>
    Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default);
}
