namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// Runs the independent parts of a PR report (status, comment) so one refused part does not stop the other: a token
/// allowed to comment but not to set checks still leaves the comment.
/// </summary>
internal static class ReportParts
{
    public static async Task<IReadOnlyList<string>> RunAsync(params (string Part, Func<Task<string>> Publish)[] parts)
    {
        var done = new List<string>();
        var failures = new List<(string Part, PullRequestReportException Error)>();
        foreach (var (part, publish) in parts)
            try
            {
                done.Add(await publish().ConfigureAwait(false));
            }
            catch (PullRequestReportException e)
            {
                failures.Add((part, e));
            }
        if (failures.Count == 0) return done;
        var denied = failures.FirstOrDefault(f => f.Error.PermissionDenied);
        var first = denied.Error ?? failures[0].Error;
        var message = string.Join("; ", failures.Select(f => $"{f.Part}: {f.Error.Message}"))
                      + (done.Count > 0 ? $" (done: {string.Join("; ", done)})" : "");
        throw new PullRequestReportException(message, first.Status, first);
    }
}
