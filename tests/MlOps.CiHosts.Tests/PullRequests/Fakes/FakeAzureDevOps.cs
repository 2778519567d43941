using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.CiHosts.Tests.PullRequests.Fakes;

/// <summary>
/// The slice of Azure DevOps REST 7.1 the PR reporter uses: PR statuses, PR threads and their comments, under
/// /{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{id}. Answers as dev.azure.com does:
/// 401 without a valid Bearer token, 403 TF401027 when the build service lacks "Contribute to pull requests", 400
/// without api-version. Threads come back with their status as a name and comment ids starting at 1.
/// </summary>
internal sealed partial class FakeAzureDevOps : LoopbackFake
{
    public const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-system-access-token.sig";
    public const string Organization = "contoso";
    public const string ProjectId = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
    public const string RepositoryId = "3411ebc1-d5aa-464f-9615-0b527bc66719";

    private readonly object _lock = new();
    private int _nextThread = 101, _nextStatus = 1;

    public int PullRequestId { get; }
    public List<JsonObject> Threads { get; } = [];
    public List<JsonObject> Statuses { get; } = [];

    /// <summary>The build service without "Contribute to pull requests": reads work, writes get TF401027.</summary>
    public bool ReadOnly { get; set; }

    private FakeAzureDevOps(int pullRequestId) => PullRequestId = pullRequestId;

    public static async Task<FakeAzureDevOps> StartAsync(int pullRequestId)
    {
        var fake = new FakeAzureDevOps(pullRequestId);
        await fake.StartAsync();
        return fake;
    }

    /// <summary>System.CollectionUri as the agent sets it: the organization's URL with a trailing slash.</summary>
    public string CollectionUri => $"{BaseUri}{Organization}/";

    public string PullRequestPath => $"/{Organization}/{ProjectId}/_apis/git/repositories/{RepositoryId}/pullRequests/{PullRequestId}";

    /// <summary>A thread someone else wrote (a reviewer, another tool): its comments in order, the first being the thread's text.</summary>
    public JsonObject AddThread(string status, params string[] comments)
    {
        lock (_lock)
        {
            var thread = Thread(_nextThread++, status, comments.Select((c, i) => Comment(i + 1, c, i == 0 ? 0 : 1, "Reviewer")).ToArray());
            Threads.Add(thread);
            return thread;
        }
    }

    /// <summary>An expired token: Azure DevOps answers every request 203 with its HTML sign-in page, not 401.</summary>
    public bool TokenExpired { get; set; }

    protected override Task RespondAsync(HttpContext context, RecordedRequest request)
    {
        if (TokenExpired)
        {
            context.Response.StatusCode = 203;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync("<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body></body></html>");
        }
        var (status, body) = Answer(request);
        return JsonAsync(context, status, body);
    }

    private (int Status, JsonNode Body) Answer(RecordedRequest request)
    {
        if (request.Authorization != $"Bearer {Token}")
            return (401, Error("TF400813: The user '' is not authorized to access this resource.", "UnauthorizedRequestException"));
        if (request.Query != "?api-version=7.1")
            return (400, Error("No api-version was supplied for the \"" + request.Method + "\" request.", "VssVersionNotSpecifiedException"));
        if (!request.Path.StartsWith(PullRequestPath, StringComparison.Ordinal))
            return (404, Error($"TF401180: The requested pull request was not found.", "GitPullRequestNotFoundException"));
        if (request.Method != "GET" && ReadOnly)
            return (403, Error("TF401027: You need the Git 'PullRequestContribute' permission to perform this action. Details: identity 'Build\\contoso', scope 'repository'.",
                "GitNeedsPermissionException"));
        var tail = request.Path[PullRequestPath.Length..];
        lock (_lock)
        {
            switch (request.Method, tail)
            {
                case ("POST", "/statuses"):
                {
                    var status = request.Body!.AsObject().DeepClone().AsObject();
                    status["id"] = _nextStatus++;
                    status["creationDate"] = "2026-11-23T10:00:00Z";
                    Statuses.Add(status);
                    return (200, status.DeepClone());
                }
                case ("GET", "/threads"):
                    return (200, new JsonObject
                    {
                        ["value"] = new JsonArray(Threads.Select(t => (JsonNode)t.DeepClone()).ToArray()),
                        ["count"] = Threads.Count,
                    });
                case ("POST", "/threads"):
                {
                    var body = request.Body!.AsObject();
                    var comments = body["comments"]!.AsArray().Select((c, i) =>
                        Comment(i + 1, c!["content"]!.GetValue<string>(), c["parentCommentId"]?.GetValue<int>() ?? 0, "Project Collection Build Service (contoso)")).ToArray();
                    var thread = Thread(_nextThread++, StatusName(body["status"]), comments);
                    Threads.Add(thread);
                    return (200, thread.DeepClone());
                }
            }
            if (ThreadPath().Match(tail) is { Success: true } m
                && Threads.FirstOrDefault(t => t["id"]!.GetValue<int>() == int.Parse(m.Groups["thread"].Value)) is { } target)
            {
                if (request.Method == "PATCH" && !m.Groups["comment"].Success)
                {
                    target["status"] = StatusName(request.Body!["status"]);
                    return (200, target.DeepClone());
                }
                if (request.Method == "PATCH" && target["comments"]!.AsArray().OfType<JsonObject>()
                        .FirstOrDefault(c => c["id"]!.GetValue<int>() == int.Parse(m.Groups["comment"].Value)) is { } comment)
                {
                    comment["content"] = request.Body!["content"]!.GetValue<string>();
                    comment["lastContentUpdatedDate"] = "2026-11-23T11:00:00Z";
                    return (200, comment.DeepClone());
                }
            }
        }
        return (404, Error($"no route for {request.Method} {tail} in the fake", "NotFound"));
    }

    /// <summary>Requests send CommentThreadStatus as a number (or a name); Azure DevOps stores and returns the name.</summary>
    private static string StatusName(JsonNode? status) => status?.GetValueKind() == System.Text.Json.JsonValueKind.Number
        ? status.GetValue<int>() switch { 1 => "active", 2 => "fixed", 3 => "wontFix", 4 => "closed", 5 => "byDesign", 6 => "pending", _ => "unknown" }
        : status?.GetValue<string>() ?? "unknown";

    private JsonObject Thread(int id, string status, JsonObject[] comments) => new()
    {
        ["id"] = id,
        ["publishedDate"] = "2026-11-23T10:00:00Z",
        ["lastUpdatedDate"] = "2026-11-23T10:00:00Z",
        ["comments"] = new JsonArray(comments.Cast<JsonNode>().ToArray()),
        ["status"] = status,
        ["threadContext"] = null,
        ["properties"] = new JsonObject(),
        ["identities"] = null,
        ["isDeleted"] = false,
        ["_links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = $"{BaseUri.ToString().TrimEnd('/')}{PullRequestPath}/threads/{id}" } },
    };

    private static JsonObject Comment(int id, string content, int parent, string author) => new()
    {
        ["id"] = id,
        ["parentCommentId"] = parent,
        ["author"] = new JsonObject { ["displayName"] = author, ["id"] = "a6c7ca2f-4e5b-4a4c-9c19-8d8c1f5e3b9a" },
        ["content"] = content,
        ["publishedDate"] = "2026-11-23T10:00:00Z",
        ["lastUpdatedDate"] = "2026-11-23T10:00:00Z",
        ["lastContentUpdatedDate"] = "2026-11-23T10:00:00Z",
        ["commentType"] = "text",
        ["usersLiked"] = new JsonArray(),
    };

    private static JsonObject Error(string message, string typeKey) => new()
    {
        ["$id"] = "1", ["innerException"] = null, ["message"] = message,
        ["typeName"] = $"Microsoft.TeamFoundation.Git.Server.{typeKey}, Microsoft.TeamFoundation.Git.Server",
        ["typeKey"] = typeKey, ["errorCode"] = 0, ["eventId"] = 3000,
    };

    [GeneratedRegex(@"^/threads/(?<thread>\d+)(/comments/(?<comment>\d+))?$")]
    private static partial Regex ThreadPath();
}
