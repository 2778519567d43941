using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlOps.CiHosts.Tests.Retrain;

/// <summary>
/// GitHub REST "Create a workflow dispatch event" and "Create a repository dispatch event": 204 with no body on
/// success; 401 {"message":"Bad credentials"}; 404 {"message":"Not Found"} for a repository or workflow the token
/// cannot see; 422 for inputs the workflow does not declare. One repository with one dispatchable workflow.
/// </summary>
public sealed partial class FakeGitHub : FakeService
{
    public const string Repository = "contoso/churn-model";
    public const string Workflow = "nightly-retrain.yml";
    public const string Token = "ghs_fakeInstallationToken0123456789";
    public static readonly string[] DeclaredInputs = ["model", "reason", "window"];

    public static async Task<FakeGitHub> StartNewAsync()
    {
        var fake = new FakeGitHub();
        await fake.StartAsync();
        return fake;
    }

    protected override (int, string, string?) Handle(string method, string path, string authorization, string body)
    {
        // Octokit sends "Token X"; GitHub takes the scheme token or Bearer, in any case (RFC 7235).
        var space = authorization.IndexOf(' ');
        if (space < 0 || authorization[(space + 1)..] != Token || authorization[..space].ToLowerInvariant() is not ("token" or "bearer"))
            return (401, Message("Bad credentials"), null);
        if (method != "POST") return (404, Message("Not Found"), null);
        if (path == $"/repos/{Repository}/dispatches")
            return JsonNode.Parse(body)?["event_type"] is null ? (422, Message("Invalid request.\n\n\"event_type\" wasn't supplied."), null) : (204, "", null);
        var match = DispatchPath().Match(path);
        if (!match.Success || match.Groups["repo"].Value != Repository || match.Groups["workflow"].Value != Workflow)
            return (404, Message("Not Found"), null);
        var inputs = JsonNode.Parse(body)?["inputs"]?.AsObject() ?? new JsonObject();
        var unexpected = inputs.Select(i => i.Key).Where(k => Array.IndexOf(DeclaredInputs, k) < 0).ToList();
        return unexpected.Count > 0
            ? (422, Message($"Unexpected inputs provided: [\"{string.Join("\", \"", unexpected)}\"]"), null)
            : (204, "", null);
    }

    public static string Message(string message) => new JsonObject
    {
        ["message"] = message,
        ["documentation_url"] = "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
        
    }.ToJsonString();

    [GeneratedRegex("^/repos/(?<repo>[^/]+/[^/]+)/actions/workflows/(?<workflow>[^/]+)/dispatches$")]
    private static partial Regex DispatchPath();
}
