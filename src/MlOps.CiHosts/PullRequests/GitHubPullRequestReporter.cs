using System.Net;
using Octokit;
using Octokit.Internal;

namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// GitHub: a check run "mlops / MODEL" on the PR's head commit (a commit status when the token may not create check
/// runs, e.g. a personal access token), and one comment found by its hidden marker and edited on every re-run.
/// </summary>
public sealed class GitHubPullRequestReporter : IPullRequestReporter
{
    /// <summary>GitHub's limit for a check run's output.summary and for a comment's body.</summary>
    public const int TextLimit = 65535;

    /// <summary>GitHub cuts a commit status's description at 140 characters.</summary>
    private const int StatusDescriptionLimit = 140;

    /// <summary>GitHub takes at most 50 annotations per check-run request.</summary>
    private const int AnnotationLimit = 50;

    private readonly GitHubClient _client;
    private readonly GitHubPullRequest _pr;
    private readonly string? _workspace;

    /// <param name="workspace">GITHUB_WORKSPACE, the checkout that annotation paths are made relative to; null: no annotations.</param>
    public GitHubPullRequestReporter(GitHubPullRequest pr, Uri apiUrl, string token, PullRequestClientOptions? options = null, string? workspace = null)
    {
        options ??= new PullRequestClientOptions();
        _pr = pr;
        _workspace = workspace;
        // A trailing slash, or Octokit's relative paths would replace the last segment of a GHES ".../api/v3" URL.
        var baseAddress = new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/");
        var http = new HttpClientAdapter(options.CreateHandler);
        var connection = new Connection(new ProductHeaderValue("mlops"), baseAddress,
            new InMemoryCredentialStore(new Credentials(token)), http, new SimpleJsonSerializer());
        connection.SetRequestTimeout(options.Timeout * (options.MaxRetries + 1) + options.MaxDelay * options.MaxRetries);
        _client = new GitHubClient(connection);
    }

    public string Description => $"GitHub PR #{_pr.Number} in {_pr.Owner}/{_pr.Repository}";

    public Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default) =>
        ReportParts.RunAsync(
            ("check", () => CheckAsync(report)),
            ("comment", () => CommentAsync(report)));

    private async Task<string> CheckAsync(PullRequestReport report)
    {
        var conclusion = report.Passed ? CheckConclusion.Success : CheckConclusion.Failure;
        try
        {
            var run = await Call(() => _client.Check.Run.Create(_pr.Owner, _pr.Repository, new NewCheckRun(report.CheckName, _pr.HeadSha)
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                DetailsUrl = report.DetailsUrl,
                Output = new NewCheckRunOutput(report.Verdict, ReportText.Truncate(report.Markdown, TextLimit, report.DetailsUrl))
                {
                    Annotations = Annotations(report) is { Count: > 0 } annotations ? annotations : null,
                },
            })).ConfigureAwait(false);
            return $"check run '{report.CheckName}' ({run.Id}) on {Short(_pr.HeadSha)}: {(report.Passed ? "success" : "failure")}";
        }
        catch (PullRequestReportException e) when (e.Status == 403 && !_pr.IsFork)
        {
            // Only GitHub Apps (GITHUB_TOKEN is one) may create check runs; a personal access token gets 403 and can
            // still set a commit status, which a branch protection rule can require just the same.
            await Call(() => _client.Repository.Status.Create(_pr.Owner, _pr.Repository, _pr.HeadSha, new NewCommitStatus
            {
                State = report.Passed ? CommitState.Success : CommitState.Failure,
                Context = report.CheckName,
                Description = report.Verdict.Length <= StatusDescriptionLimit ? report.Verdict : report.Verdict[..(StatusDescriptionLimit - 1)] + "…",
                TargetUrl = report.DetailsUrl,
            })).ConfigureAwait(false);
            return $"commit status '{report.CheckName}' on {Short(_pr.HeadSha)}: {(report.Passed ? "success" : "failure")} (the token cannot create check runs)";
        }
    }

    private async Task<string> CommentAsync(PullRequestReport report)
    {
        var body = report.CommentBody(TextLimit);
        // Every page: on a busy PR our comment may be far down the list.
        var comments = await Call(() => _client.Issue.Comment.GetAllForIssue(_pr.Owner, _pr.Repository, _pr.Number,
            new ApiOptions { PageSize = 100 })).ConfigureAwait(false);
        var ours = comments.FirstOrDefault(c => c.Body?.Contains(report.Marker, StringComparison.Ordinal) == true);
        if (ours is not null)
        {
            await Call(() => _client.Issue.Comment.Update(_pr.Owner, _pr.Repository, ours.Id, body)).ConfigureAwait(false);
            return $"comment {ours.Id} updated: {ours.HtmlUrl}";
        }
        var created = await Call(() => _client.Issue.Comment.Create(_pr.Owner, _pr.Repository, _pr.Number, body)).ConfigureAwait(false);
        return $"comment {created.Id} created: {created.HtmlUrl}";
    }

    /// <summary>
    /// The report's annotations on files inside the checkout, by repository-relative path with '/' (what GitHub matches
    /// against the diff); a file outside it (a config in /tmp) cannot be shown on the PR and is left to the summary.
    /// </summary>
    private List<NewCheckRunAnnotation> Annotations(PullRequestReport report)
    {
        if (_workspace is null) return [];
        var root = Path.GetFullPath(_workspace);
        return report.Annotations
            .Select(a => (a, relative: Path.GetRelativePath(root, Path.GetFullPath(a.File))))
            .Where(x => !x.relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(x.relative))
            .Take(AnnotationLimit)
            .Select(x => new NewCheckRunAnnotation(x.relative.Replace('\\', '/'), x.a.Line, x.a.Line, CheckAnnotationLevel.Failure, x.a.Message) { Title = x.a.Title })
            .ToList();
    }

    /// <summary>Octokit's exceptions (status + GitHub's message) and transport failures as one typed exception.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw new PullRequestReportException($"GitHub answered {(int)e.StatusCode} {e.StatusCode}: {e.Message}", (int)e.StatusCode, e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new PullRequestReportException($"GitHub could not be reached: {e.Message}", null, e);
        }
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
