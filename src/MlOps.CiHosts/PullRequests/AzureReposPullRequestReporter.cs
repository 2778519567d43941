using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// Azure Repos (REST 7.1, System.AccessToken): a PR status genre "mlops", name MODEL that a branch policy can require,
/// and one comment thread found by its hidden marker, edited in place and set active while the gate fails, resolved
/// (fixed) once it passes.
/// </summary>
public sealed class AzureReposPullRequestReporter : IPullRequestReporter
{
    public const string Genre = "mlops";

    /// <summary>Azure DevOps refuses a PR comment longer than this.</summary>
    public const int CommentLimit = 150_000;

    // CommentThreadStatus and CommentType as numbers, as the REST reference's examples send them.
    private const int ThreadActive = 1, ThreadFixed = 2, CommentTypeText = 1;

    private readonly AzureReposPullRequest _pr;
    private readonly HttpClient _http;

    public AzureReposPullRequestReporter(AzureReposPullRequest pr, string accessToken, PullRequestClientOptions? options = null)
    {
        _pr = pr;
        _http = (options ?? new PullRequestClientOptions()).CreateHttpClient();
        // System.AccessToken is an OAuth token: Bearer, not the Basic scheme personal access tokens use.
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public string Description => $"Azure Repos PR {_pr.PullRequestId} in {_pr.CollectionUri}{_pr.Project}";

    public Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default) =>
        ReportParts.RunAsync(
            ("status", () => StatusAsync(report, cancellationToken)),
            ("thread", () => ThreadAsync(report, cancellationToken)));

    private async Task<string> StatusAsync(PullRequestReport report, CancellationToken ct)
    {
        var state = report.Passed ? "succeeded" : "failed";
        var body = new JsonObject
        {
            ["state"] = state,
            ["description"] = report.Verdict,
            ["context"] = new JsonObject { ["genre"] = Genre, ["name"] = report.Model },
        };
        if (report.DetailsUrl is not null) body["targetUrl"] = report.DetailsUrl;
        await SendAsync(HttpMethod.Post, _pr.Api("/statuses"), body, ct).ConfigureAwait(false);
        return $"PR status {Genre}/{report.Model}: {state}";
    }

    private async Task<string> ThreadAsync(PullRequestReport report, CancellationToken ct)
    {
        var content = report.CommentBody(CommentLimit);
        var wanted = report.Passed ? ThreadFixed : ThreadActive;
        var threads = (await SendAsync(HttpMethod.Get, _pr.Api("/threads"), null, ct).ConfigureAwait(false))?["value"]?.AsArray() ?? [];
        foreach (var thread in threads.OfType<JsonObject>())
        {
            if (thread["isDeleted"]?.GetValue<bool>() == true) continue;
            // The first comment is the thread's own text; replies (by people) may quote the marker and must not match.
            var first = thread["comments"]?.AsArray().OfType<JsonObject>().MinBy(c => c["id"]!.GetValue<int>());
            if (first?["content"]?.GetValue<string>()?.Contains(report.Marker, StringComparison.Ordinal) != true) continue;
            var threadId = thread["id"]!.GetValue<int>();
            await SendAsync(HttpMethod.Patch, _pr.Api($"/threads/{threadId}/comments/{first["id"]!.GetValue<int>()}"),
                new JsonObject { ["content"] = content }, ct).ConfigureAwait(false);
            if (StatusNumber(thread["status"]?.GetValue<string>()) != wanted)
                await SendAsync(HttpMethod.Patch, _pr.Api($"/threads/{threadId}"), new JsonObject { ["status"] = wanted }, ct).ConfigureAwait(false);
            return $"PR thread {threadId} updated ({(report.Passed ? "resolved" : "active")})";
        }
        var created = await SendAsync(HttpMethod.Post, _pr.Api("/threads"), new JsonObject
        {
            ["comments"] = new JsonArray(new JsonObject { ["parentCommentId"] = 0, ["content"] = content, ["commentType"] = CommentTypeText }),
            ["status"] = wanted,
        }, ct).ConfigureAwait(false);
        return $"PR thread {created?["id"]} created ({(report.Passed ? "resolved" : "active")})";
    }

    /// <summary>Threads come back with their status as a name; requests send it as a number.</summary>
    private static int StatusNumber(string? status) => status switch
    {
        "active" => ThreadActive,
        "fixed" => ThreadFixed,
        "wontFix" => 3,
        "closed" => 4,
        "byDesign" => 5,
        "pending" => 6,
        _ => 0,
    };

    private async Task<JsonNode?> SendAsync(HttpMethod method, Uri uri, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new PullRequestReportException($"Azure DevOps could not be reached at {uri.GetLeftPart(UriPartial.Authority)}: {e.Message}", null, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            // An expired or wrong token is not a 401 here: Azure DevOps answers 203 with its HTML sign-in page.
            if (response.StatusCode == System.Net.HttpStatusCode.NonAuthoritativeInformation)
                throw new PullRequestReportException(
                    $"Azure DevOps answered {method} {uri.AbsolutePath} with its sign-in page (203): the token was not accepted", 401);
            if (!response.IsSuccessStatusCode)
                throw new PullRequestReportException(
                    $"Azure DevOps answered {(int)response.StatusCode} {response.StatusCode} to {method} {uri.AbsolutePath}{ErrorMessage(text)}",
                    (int)response.StatusCode);
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
    }

    /// <summary>Azure DevOps explains a refusal in {"message": "..."}; a sign-in page (HTML) says nothing useful.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() is { } m ? $": {m}" : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }
}
