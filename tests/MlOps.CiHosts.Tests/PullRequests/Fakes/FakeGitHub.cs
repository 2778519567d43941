using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.CiHosts.Tests.PullRequests.Fakes;

/// <summary>
/// The slice of GitHub's REST API the PR reporter uses (check runs, commit statuses, issue comments with Link-header
/// pagination), answering with the shapes and errors api.github.com gives: 401 "Bad credentials", 403 "Resource not
/// accessible by integration" for a fork PR's read-only token, 403 "You must authenticate via a GitHub App." when a
/// personal access token creates a check run.
/// </summary>
internal sealed partial class FakeGitHub : LoopbackFake
{
    public const string Token = "ghs_FakeInstallationToken0123456789abcdef";

    private readonly object _lock = new();
    private long _nextId = 1_000_000_001;

    /// <summary>The PR's conversation, oldest first (GitHub's order).</summary>
    public List<JsonObject> Comments { get; } = [];
    public List<JsonObject> CheckRuns { get; } = [];
    public List<JsonObject> Statuses { get; } = [];

    /// <summary>A fork PR's GITHUB_TOKEN: reads work, every write is 403.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>A personal access token: everything but check runs, which only GitHub Apps may create.</summary>
    public bool NotAnApp { get; set; }

    /// <summary>GitHub's page size when the client does not ask for one.</summary>
    public int DefaultPageSize { get; set; } = 30;

    public static async Task<FakeGitHub> StartAsync(string owner, string repo, int pr)
    {
        var fake = new FakeGitHub(owner, repo, pr);
        await fake.StartAsync();
        return fake;
    }

    private FakeGitHub(string owner, string repo, int pr) => (Owner, Repo, PullRequest) = (owner, repo, pr);

    public string Owner { get; }
    public string Repo { get; }
    public int PullRequest { get; }

    public JsonObject AddComment(string body, string login = "octocat")
    {
        lock (_lock)
        {
            var comment = Comment(_nextId++, body, login);
            Comments.Add(comment);
            return comment;
        }
    }

    protected override async Task RespondAsync(HttpContext context, RecordedRequest request)
    {
        var (status, body, link) = Answer(request);
        if (link is not null) context.Response.Headers["Link"] = link;
        await JsonAsync(context, status, body);
    }

    /// <summary>The answer, computed under the lock from a snapshot of the state, so concurrent requests cannot tear it.</summary>
    private (int Status, JsonNode Body, string? Link) Answer(RecordedRequest request)
    {
        if (!Authorized(request.Authorization))
            return (401, Error("Bad credentials", "https://docs.github.com/rest"), null);
        if (request.Method != "GET" && ReadOnly)
            return (403, Error("Resource not accessible by integration", "https://docs.github.com/rest"), null);
        var repoPath = $"/repos/{Owner}/{Repo}";
        var path = request.Path;
        var issueComments = $"{repoPath}/issues/{PullRequest}/comments";
        lock (_lock)
        {
            if (request.Method == "POST" && path == $"{repoPath}/check-runs")
            {
                if (NotAnApp)
                    return (403, Error("You must authenticate via a GitHub App.", "https://docs.github.com/rest/checks/runs#create-a-check-run"), null);
                var body = request.Body!.AsObject();
                var id = _nextId++;
                var run = new JsonObject
                {
                    ["id"] = id, ["name"] = body["name"]?.DeepClone(), ["head_sha"] = body["head_sha"]?.DeepClone(),
                    ["status"] = body["status"]?.DeepClone(), ["conclusion"] = body["conclusion"]?.DeepClone(),
                    ["details_url"] = body["details_url"]?.DeepClone(), ["output"] = body["output"]?.DeepClone(),
                    ["html_url"] = $"https://github.com/{Owner}/{Repo}/runs/{id}",
                    ["started_at"] = "2026-11-23T10:00:00Z", ["completed_at"] = "2026-11-23T10:00:00Z",
                };
                CheckRuns.Add(run);
                return (201, run.DeepClone(), null);
            }
            if (request.Method == "POST" && path.StartsWith($"{repoPath}/statuses/", StringComparison.Ordinal))
            {
                var status = request.Body!.AsObject().DeepClone().AsObject();
                status["id"] = _nextId++;
                status["created_at"] = "2026-11-23T10:00:00Z";
                status["updated_at"] = "2026-11-23T10:00:00Z";
                status["sha"] = path[(repoPath.Length + "/statuses/".Length)..];
                Statuses.Add(status);
                return (201, status.DeepClone(), null);
            }
            if (request.Method == "GET" && path == issueComments)
            {
                var query = ParseQuery(request.Query);
                var size = int.TryParse(query.GetValueOrDefault("per_page"), out var s) ? Math.Min(s, 100) : DefaultPageSize;
                var page = int.TryParse(query.GetValueOrDefault("page"), out var p) ? p : 1;
                var pages = Math.Max(1, (Comments.Count + size - 1) / size);
                // Like GitHub: the Link URLs repeat the request's query with another page number.
                var kept = string.Concat(query.Where(q => q.Key != "page").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}&"));
                var url = $"{BaseUri}{issueComments.TrimStart('/')}?{kept}page=";
                var link = page < pages ? $"<{url}{page + 1}>; rel=\"next\", <{url}{pages}>; rel=\"last\"" : null;
                return (200, new JsonArray(Comments.Skip((page - 1) * size).Take(size).Select(c => (JsonNode)c.DeepClone()).ToArray()), link);
            }
            if (request.Method == "POST" && path == issueComments)
            {
                var created = Comment(_nextId++, request.Body!["body"]!.GetValue<string>(), "github-actions[bot]");
                Comments.Add(created);
                return (201, created.DeepClone(), null);
            }
            if (request.Method == "PATCH" && CommentPath().Match(path) is { Success: true } m && m.Groups["repo"].Value == repoPath)
            {
                var id = long.Parse(m.Groups["id"].Value);
                var comment = Comments.FirstOrDefault(c => c["id"]!.GetValue<long>() == id);
                if (comment is null)
                    return (404, Error("Not Found", "https://docs.github.com/rest/issues/comments#update-an-issue-comment"), null);
                comment["body"] = request.Body!["body"]!.GetValue<string>();
                comment["updated_at"] = "2026-11-23T11:00:00Z";
                return (200, comment.DeepClone(), null);
            }
        }
        return (404, Error("Not Found", "https://docs.github.com/rest"), null);
    }

    /// <summary>GitHub takes the token under either scheme, the scheme's case aside.</summary>
    private static bool Authorized(string? header) =>
        header?.Split(' ', 2) is [var scheme, Token] && (scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase));

    private JsonObject Comment(long id, string body, string login) => new()
    {
        ["id"] = id,
        ["node_id"] = $"IC_kwDO{id}",
        ["url"] = $"https://api.github.com/repos/{Owner}/{Repo}/issues/comments/{id}",
        ["html_url"] = $"https://github.com/{Owner}/{Repo}/pull/{PullRequest}#issuecomment-{id}",
        ["issue_url"] = $"https://api.github.com/repos/{Owner}/{Repo}/issues/{PullRequest}",
        ["body"] = body,
        ["user"] = new JsonObject { ["login"] = login, ["id"] = 41898282, ["type"] = login.EndsWith("[bot]") ? "Bot" : "User" },
        ["created_at"] = "2026-11-23T10:00:00Z",
        ["updated_at"] = "2026-11-23T10:00:00Z",
        ["author_association"] = "NONE",
    };

    private static JsonObject Error(string message, string docs) => new() { ["message"] = message, ["documentation_url"] = docs, ["status"] = "" };

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");

    [GeneratedRegex(@"^(?<repo>/repos/[^/]+/[^/]+)/issues/comments/(?<id>\d+)$")]
    private static partial Regex CommentPath();
}
