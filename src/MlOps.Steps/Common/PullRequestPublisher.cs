using MlOps.CiHosts;
using MlOps.CiHosts.PullRequests;

namespace MlOps.Steps.Common;

/// <summary>
/// Puts a verdict on the PR and never lets that change the verdict: a refused or unreachable PR service is a warning
/// (the run's summary already holds the report), so the step's exit code is the gate's alone.
/// </summary>
public sealed class PullRequestPublisher(StepContext context)
{
    public const string CannotComment =
        "the token cannot comment (fork PR or missing permission pull-requests: write / Contribute to pull requests)";

    public async Task PublishAsync(IPullRequestReporter reporter, PullRequestReport report, CancellationToken ct)
    {
        if (reporter is NoPullRequestReporter none)
        {
            if (none.IsProblem) context.Host.LogIssue(IssueSeverity.Warning, $"the report was not posted to the pull request: {none.Reason}");
            else context.Say($"  no PR report: {none.Reason}");
            return;
        }
        try
        {
            foreach (var line in await reporter.PublishAsync(report, ct))
                context.Say($"  PR: {line}");
        }
        catch (PullRequestReportException e) when (e.PermissionDenied)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"{CannotComment}; {reporter.Description}: {e.Message}. The report is in the run's summary.");
        }
        catch (PullRequestReportException e)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"the report was not posted to {reporter.Description}: {e.Message}. The report is in the run's summary.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else (an answer the client cannot read, a bug of ours) is still no reason to turn a verdict into
            // a crash: the gate's exit code must stay the gate's.
            context.Host.LogIssue(IssueSeverity.Warning, $"the report was not posted to {reporter.Description}: {e.GetType().Name}: {e.Message}");
        }
    }
}
