namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// The PR service refused or failed. Never fatal to the gate: the step turns it into a warning, since the verdict and
/// the run's summary are already written.
/// </summary>
public sealed class PullRequestReportException(string message, int? status, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status of the answer, null when no answer came (connection refused, timeout).</summary>
    public int? Status { get; } = status;

    /// <summary>401/403: the token may not write to the PR (a fork PR's read-only token, or a missing permission).</summary>
    public bool PermissionDenied => Status is 401 or 403;
}
