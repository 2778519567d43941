namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// Stands in where there is no PR to report to (a push build, a local run) or no way to reach it (no token): writes
/// nothing and says why, once.
/// </summary>
/// <param name="Reason">Why nothing goes to a PR, e.g. "this run is not for a pull request".</param>
/// <param name="IsProblem">True when this is a PR the report should have reached (a missing token): a warning, not a note.</param>
public sealed record NoPullRequestReporter(string Reason, bool IsProblem = false) : IPullRequestReporter
{
    public string Description => $"no pull request: {Reason}";

    public Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
