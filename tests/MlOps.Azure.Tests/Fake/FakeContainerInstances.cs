using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// Microsoft.ContainerInstance (api 2025-09-01) in the fake: container groups PUT (shape-checked against the recorded
/// example), GET walking <see cref="ProvisioningScript"/> one state per read with answers built from the Succeeded and
/// Failed examples, container logs from the ListLogs example, DELETE as an async operation, and the group's
/// /health/ready endpoint (at /fake-aci/health/FQDN/...) for the smoke test.
/// </summary>
internal sealed partial class FakeContainerInstances(FakeAzureMl fake)
{
    public const string ApiVersion = "2025-09-01";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeGroup> _groups = new(StringComparer.OrdinalIgnoreCase);
    private int _operations;

    /// <summary>The provisioningState each GET after a PUT answers; the last repeats. "Failed" answers the Failed example.</summary>
    public List<string> ProvisioningScript { get; set; } = ["Pending", "Creating", "Succeeded"];

    /// <summary>What the group's /health/ready answers.</summary>
    public int ReadyStatus { get; set; } = 200;

    /// <summary>Every PUT body received, in order.</summary>
    public List<JsonObject> Puts { get; } = [];

    /// <summary>Every health probe received (the FQDN it was sent to).</summary>
    public List<string> HealthChecks { get; } = [];

    public bool Exists(string name)
    {
        lock (_lock) return _groups.ContainsKey(name);
    }

    public static bool Handles(HttpRequest request) =>
        request.Path.StartsWithSegments("/fake-aci") || (request.Path.Value ?? "").Contains("/providers/Microsoft.ContainerInstance/", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ContainerInstance/containerGroups/(?<name>[^/]+)(?<rest>/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupPath();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/fake-aci/health/", StringComparison.Ordinal))
        {
            lock (_lock) HealthChecks.Add(path["/fake-aci/health/".Length..].Split('/')[0]);
            context.Response.StatusCode = ReadyStatus;
            return;
        }
        if (fake.RejectAllTokens || request.Headers.Authorization != $"Bearer {FakeAzureMl.GoodToken}")
        {
            await FakeHttp.ErrorAsync(context, 401, "InvalidAuthenticationToken", "The access token is invalid or expired.");
            return;
        }
        if (path.StartsWith("/fake-aci/operations/", StringComparison.Ordinal))
        {
            await FakeHttp.JsonAsync(context, 200, new JsonObject { ["status"] = "Succeeded" });
            return;
        }
        if (request.Query["api-version"] != ApiVersion)
        {
            await FakeHttp.ErrorAsync(context, 400, "InvalidApiVersion", $"api-version must be {ApiVersion}");
            return;
        }
        var match = GroupPath().Match(path);
        if (!match.Success)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"no such path {path}");
            return;
        }
        var name = match.Groups["name"].Value;
        var rest = match.Groups["rest"].Value;
        switch (request.Method)
        {
            case "PUT" when rest.Length == 0:
                await PutAsync(context, name, path);
                break;
            case "GET" when rest.Length == 0:
                await GetAsync(context, name);
                break;
            case "GET" when rest == $"/containers/{Find(name)?.Container}/logs":
                await FakeHttp.JsonAsync(context, 200, AciFixtures.Response(AciFixtures.Logs, 200));
                break;
            case "DELETE" when rest.Length == 0:
                await DeleteAsync(context, name);
                break;
            default:
                await FakeHttp.ErrorAsync(context, 404, "ResourceNotFound", $"The Resource '{name}{rest}' was not found.");
                break;
        }
    }

    private async Task PutAsync(HttpContext context, string name, string path)
    {
        var body = await FakeHttp.ReadJsonAsync(context);
        var problem = body is JsonObject ? ShapeCheck.Find(body, AciFixtures.RequestShape(), ["tags"]) : "a JSON object body is required";
        if (problem is not null)
        {
            await FakeHttp.ErrorAsync(context, 400, "InvalidRequestContent", $"request body does not follow the recorded example: {problem}");
            return;
        }
        var group = new FakeGroup(path, body!.AsObject());
        lock (_lock)
        {
            _groups[name] = group;
            Puts.Add(body.AsObject());
        }
        context.Response.Headers["Azure-AsyncOperation"] = $"{fake.BaseUri}fake-aci/operations/{Interlocked.Increment(ref _operations)}";
        await FakeHttp.JsonAsync(context, 201, Answer(group, "Pending"));
    }

    private async Task GetAsync(HttpContext context, string name)
    {
        var group = Find(name);
        if (group is null)
        {
            await FakeHttp.ErrorAsync(context, 404, "ResourceNotFound", $"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' was not found.");
            return;
        }
        string state;
        lock (_lock) state = ProvisioningScript[Math.Min(group.Reads++, ProvisioningScript.Count - 1)];
        await FakeHttp.JsonAsync(context, 200, Answer(group, state));
    }

    private async Task DeleteAsync(HttpContext context, string name)
    {
        bool removed;
        lock (_lock) removed = _groups.Remove(name);
        if (!removed)
        {
            context.Response.StatusCode = 204; // the recorded example: 204 when there was nothing to delete
            return;
        }
        var recorded = AciFixtures.Load(AciFixtures.Delete)["responses"]!["202"]!["headers"]!["azure-asyncoperation"]!.GetValue<string>();
        context.Response.Headers["azure-asyncoperation"] = $"{fake.BaseUri}fake-aci/operations/{Interlocked.Increment(ref _operations)}?{new Uri(recorded).Query.TrimStart('?')}";
        context.Response.StatusCode = 202;
    }

    private FakeGroup? Find(string name)
    {
        lock (_lock) return _groups.GetValueOrDefault(name);
    }

    /// <summary>The group as ACI shows it: the request without secrets, plus state, address and (when failed) the Failed example's events.</summary>
    private static JsonObject Answer(FakeGroup group, string state)
    {
        var example = AciFixtures.Response(state == "Failed" ? AciFixtures.GetFailed : AciFixtures.GetSucceeded, 200);
        var answer = group.Body.DeepClone().AsObject();
        answer["id"] = group.Path;
        answer["name"] = group.Path.Split('/')[^1];
        answer["type"] = example["type"]!.DeepClone();
        var properties = answer["properties"]!.AsObject();
        properties["provisioningState"] = state;
        foreach (var credential in properties["imageRegistryCredentials"]?.AsArray() ?? []) credential!.AsObject().Remove("password");
        foreach (var container in properties["containers"]!.AsArray())
        {
            var p = container!["properties"]!.AsObject();
            foreach (var variable in p["environmentVariables"]?.AsArray() ?? []) variable!.AsObject().Remove("secureValue");
            if (state == "Failed")
                p["instanceView"] = example["properties"]!["containers"]![0]!["properties"]!["instanceView"]!.DeepClone();
            else if (state == "Succeeded")
                p["instanceView"] = new JsonObject { ["restartCount"] = 0, ["currentState"] = new JsonObject { ["state"] = "Running" } };
        }
        properties["instanceView"] = state switch
        {
            "Failed" => example["properties"]!["instanceView"]!.DeepClone(),
            "Succeeded" => new JsonObject { ["state"] = "Running", ["events"] = new JsonArray() },
            _ => new JsonObject { ["state"] = "Pending" },
        };
        var ip = properties["ipAddress"]!.AsObject();
        ip["ip"] = example["properties"]!["ipAddress"]!["ip"]!.DeepClone();
        ip["fqdn"] = $"{ip["dnsNameLabel"]}.{answer["location"]!.GetValue<string>().Replace(" ", "").ToLowerInvariant()}.azurecontainer.io";
        return answer;
    }

    private sealed class FakeGroup(string path, JsonObject body)
    {
        public string Path { get; } = path;
        public JsonObject Body { get; } = body;
        public string? Container => Body["properties"]?["containers"]?[0]?["name"]?.GetValue<string>();
        public int Reads { get; set; }
    }
}
