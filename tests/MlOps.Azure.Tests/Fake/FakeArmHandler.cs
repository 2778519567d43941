using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>The ARM side of the fake: models, codes, environments, datastores, jobs and async operations.</summary>
internal sealed partial class FakeArmHandler(FakeAzureMl fake)
{
    private const string Ws = "Workspace/";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeResource> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _operations = new();

    /// <summary>States a new job walks through, one per GET (tests replace it before submitting).</summary>
    public List<string> JobScript { get; set; } = ["Queued", "Running", "Completed"];

    /// <summary>Files the job "writes" into its model output when it completes.</summary>
    public Dictionary<string, byte[]> JobOutputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Lines appended to the job's std_log while it runs and at its end.</summary>
    public List<string> JobLogLines { get; set; } = ["epoch 1 loss 0.5", "epoch 2 loss 0.3"];

    public Dictionary<string, FakeJob> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>The stored request body of a resource (by ARM path suffix, e.g. "/models/m/versions/1"), for assertions.</summary>
    public JsonObject? Stored(string pathSuffix)
    {
        lock (_lock) return _resources.FirstOrDefault(r => r.Key.EndsWith(pathSuffix, StringComparison.OrdinalIgnoreCase)).Value?.Body;
    }

    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/(?<kind>workspaces|registries)/[^/]+(?<rest>/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ArmPath();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (fake.RejectAllTokens || request.Headers.Authorization != $"Bearer {FakeAzureMl.GoodToken}")
        {
            await FakeHttp.ErrorAsync(context, 401, "InvalidAuthenticationToken", "The access token is invalid or expired.");
            return;
        }
        if (path.StartsWith("/fake/operations/", StringComparison.Ordinal))
        {
            await OperationAsync(context, path["/fake/operations/".Length..]);
            return;
        }
        if (request.Query["api-version"] != Fixtures.ApiVersion)
        {
            await FakeHttp.ErrorAsync(context, 400, "InvalidApiVersion", $"api-version must be {Fixtures.ApiVersion}");
            return;
        }
        var match = ArmPath().Match(path);
        if (!match.Success)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"no such path {path}");
            return;
        }
        var registry = match.Groups["kind"].Value.Equals("registries", StringComparison.OrdinalIgnoreCase);
        var seg = match.Groups["rest"].Value.Trim('/').Split('/');
        var method = request.Method;
        var body = await FakeHttp.ReadJsonAsync(context);
        var scope = registry ? "Registry/" : Ws;
        switch (seg)
        {
            case ["models"] when HttpMethods.IsGet(method):
                await ListAsync(context, path + "/", depth: 1, $"{Ws}ModelContainer/get.json");
                break;
            case ["models", _] when HttpMethods.IsPut(method):
                await PutAsync(context, path, body, $"{scope}ModelContainer/createOrUpdate.json", [], lro: registry, immutable: null);
                break;
            case ["models", _] when HttpMethods.IsGet(method):
                await GetAsync(context, path, $"{Ws}ModelContainer/get.json");
                break;
            case ["models", _, "versions"] when HttpMethods.IsGet(method):
                await ListAsync(context, path + "/", depth: 1, $"{scope}ModelVersion/get.json");
                break;
            case ["models", _, "versions", _] when HttpMethods.IsPut(method):
                await PutAsync(context, path, body, $"{scope}ModelVersion/createOrUpdate.json", ["properties.isArchived"], lro: registry, immutable: "modelUri");
                break;
            case ["models", _, "versions", _] when HttpMethods.IsGet(method):
                await GetAsync(context, path, $"{scope}ModelVersion/get.json");
                break;
            case ["models", _, "versions", _, "startPendingUpload"] when registry && HttpMethods.IsPost(method):
                await PendingUploadAsync(context, body, "Registry/ModelVersion/createOrGetStartPendingUpload.json", "registry-uploads");
                break;
            case ["codes", _, "versions", _, "startPendingUpload"] when !registry && HttpMethods.IsPost(method):
                await PendingUploadAsync(context, body, "Workspace/CodeVersion/createOrGetStartPendingUpload.json", "code-uploads");
                break;
            case ["codes", _, "versions", _] when !registry && HttpMethods.IsPut(method):
                await PutAsync(context, path, body, $"{Ws}CodeVersion/createOrUpdate.json", [], lro: false, immutable: "codeUri");
                break;
            case ["codes", _, "versions", _] when !registry && HttpMethods.IsGet(method):
                await GetAsync(context, path, $"{Ws}CodeVersion/createOrUpdate.json");
                break;
            case ["environments", _, "versions", _] when !registry && HttpMethods.IsPut(method):
                await PutAsync(context, path, body, $"{Ws}EnvironmentVersion/createOrUpdate.json", [], lro: false, immutable: null);
                break;
            case ["datastores"] when !registry && HttpMethods.IsGet(method):
                await DatastoresAsync(context, null, request.Query["isDefault"] == "true");
                break;
            case ["datastores", var name] when !registry && HttpMethods.IsGet(method):
                await DatastoresAsync(context, name, false);
                break;
            case ["datastores", _, "listSecrets"] when !registry && HttpMethods.IsPost(method):
                var secrets = Fixtures.ResponseBody("Datastore/listSecrets.json", 200);
                secrets["key"] = FakeAzureMl.StorageKey;
                await FakeHttp.JsonAsync(context, 200, secrets);
                break;
            case ["jobs", var job] when !registry && HttpMethods.IsPut(method):
                await SubmitJobAsync(context, path, job, body);
                break;
            case ["jobs", var job] when !registry && HttpMethods.IsGet(method):
                await GetJobAsync(context, path, job);
                break;
            case ["jobs", var job, "cancel"] when !registry && HttpMethods.IsPost(method):
                await CancelJobAsync(context, path, job);
                break;
            default:
                await FakeHttp.ErrorAsync(context, 404, "NotFound", $"{method} {path} is not an operation of this fake");
                break;
        }
    }

    /// <summary>
    /// PUT with ARM semantics: shape checked against the fixture; If-None-Match: * → 412 when it exists; If-Match with
    /// a stale ETag → 412; changing an immutable property of an existing version → 409. Registries answer 201 +
    /// Azure-AsyncOperation (their PUTs are long-running).
    /// </summary>
    private async Task PutAsync(HttpContext context, string path, JsonNode? body, string fixture, string[] extras, bool lro, string? immutable)
    {
        var problem = body is JsonObject ? ShapeCheck.Find(body, Fixtures.RequestBody(fixture), extras) : "a JSON object body is required";
        if (problem is not null || body is not JsonObject request)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadRequest", problem ?? "bad body");
            return;
        }
        FakeResource resource;
        bool created;
        (int Status, string Code, string Message)? refusal = null;
        lock (_lock)
        {
            _resources.TryGetValue(path, out var existing);
            var ifMatch = context.Request.Headers.IfMatch.ToString();
            if (existing is not null && context.Request.Headers.IfNoneMatch == "*")
            {
                refusal = (412, "PreconditionFailed", $"{path} exists already");
            }
            else if (ifMatch.Length > 0 && (existing is null || FakeHttp.NormalizeETag(ifMatch) != FakeHttp.NormalizeETag(existing.ETag)))
            {
                refusal = (412, "PreconditionFailed", $"the ETag {ifMatch} of {path} is not current");
            }
            else if (existing is not null && immutable is not null
                && existing.Body["properties"]?[immutable]?.ToJsonString() != request["properties"]?[immutable]?.ToJsonString())
            {
                refusal = (409, "Conflict", $"{immutable} of an existing version cannot change");
            }
            created = existing is null;
            resource = refusal is null
                ? _resources[path] = new FakeResource(request, $"\"{Guid.NewGuid():N}\"", existing?.Created ?? DateTimeOffset.UtcNow)
                : existing!;
        }
        if (refusal is { } r)
        {
            await FakeHttp.ErrorAsync(context, r.Status, r.Code, r.Message);
            return;
        }
        var answer = Answer(fixture, created ? 201 : 200, path, resource);
        if (lro)
        {
            var id = Guid.NewGuid().ToString("N");
            lock (_lock) _operations[id] = 1;
            context.Response.Headers["Azure-AsyncOperation"] = $"{fake.BaseUri}fake/operations/{id}";
            await FakeHttp.JsonAsync(context, 201, answer, resource.ETag);
            return;
        }
        await FakeHttp.JsonAsync(context, created ? 201 : 200, answer, resource.ETag);
    }

    private async Task GetAsync(HttpContext context, string path, string fixture)
    {
        FakeResource? resource;
        lock (_lock) _resources.TryGetValue(path, out resource);
        if (resource is null)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"{path} not found");
            return;
        }
        await FakeHttp.JsonAsync(context, 200, Answer(fixture, 200, path, resource), resource.ETag);
    }

    private async Task ListAsync(HttpContext context, string prefix, int depth, string fixture)
    {
        var page = new JsonArray();
        lock (_lock)
            foreach (var (path, resource) in _resources.Where(r => r.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                                                                  && r.Key[prefix.Length..].Split('/').Length == depth))
                page.Add(Answer(fixture, 200, path, resource));
        await FakeHttp.JsonAsync(context, 200, new JsonObject { ["value"] = page });
    }

    private async Task OperationAsync(HttpContext context, string id)
    {
        int remaining;
        lock (_lock)
        {
            if (!_operations.TryGetValue(id, out remaining)) remaining = -1;
            else _operations[id] = remaining - 1;
        }
        if (remaining < 0)
            await FakeHttp.ErrorAsync(context, 404, "NotFound", "no such operation");
        else
            await FakeHttp.JsonAsync(context, 200, new JsonObject { ["status"] = remaining > 0 ? "InProgress" : "Succeeded" });
    }

    private async Task PendingUploadAsync(HttpContext context, JsonNode? body, string fixture, string container)
    {
        if (ShapeCheck.Find(body, Fixtures.RequestBody(fixture), []) is { } problem)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadRequest", problem);
            return;
        }
        var answer = Fixtures.ResponseBody(fixture, 200);
        var folder = $"{fake.BaseUri}{FakeAzureMl.StorageAccount}/{container}/LocalUpload/{Guid.NewGuid():N}";
        answer["blobReferenceForConsumption"]!["blobUri"] = folder;
        answer["blobReferenceForConsumption"]!["credential"]!["sasUri"] = $"{folder}?sv=2021-10-04&sr=c&sp=rcw&sig=fakesignature";
        answer["pendingUploadId"] = body?["pendingUploadId"]?.DeepClone();
        await FakeHttp.JsonAsync(context, 200, answer);
    }

    private async Task DatastoresAsync(HttpContext context, string? name, bool onlyDefault)
    {
        var template = Fixtures.ResponseBody("Datastore/list.json", 200)["value"]![0]!.AsObject();
        JsonObject Store(string store, string container, bool isDefault)
        {
            var o = template.DeepClone().AsObject();
            o["name"] = store;
            o["id"] = $"{context.Request.Path.Value!.Split("/datastores")[0]}/datastores/{store}";
            var p = o["properties"]!.AsObject();
            p["accountName"] = FakeAzureMl.StorageAccount;
            p["containerName"] = container;
            p["isDefault"] = isDefault;
            p.Remove("tags");
            return o;
        }
        var all = new[] { Store("workspaceblobstore", "azureml-blobstore", true), Store("workspaceartifactstore", "azureml", false) };
        if (name is not null)
        {
            var one = all.FirstOrDefault(s => s["name"]!.GetValue<string>() == name);
            await (one is null ? FakeHttp.ErrorAsync(context, 404, "NotFound", $"datastore {name} not found") : FakeHttp.JsonAsync(context, 200, one));
            return;
        }
        var value = new JsonArray(all.Where(s => !onlyDefault || s["properties"]!["isDefault"]!.GetValue<bool>()).Select(s => (JsonNode)s).ToArray());
        await FakeHttp.JsonAsync(context, 200, new JsonObject { ["value"] = value });
    }

    /// <summary>The fixture's response body for <paramref name="status"/>, with this resource's id, name and stored properties.</summary>
    private static JsonObject Answer(string fixture, int status, string path, FakeResource resource, string? jobStatus = null)
    {
        var answer = Fixtures.ResponseBody(fixture, status);
        answer["id"] = path;
        answer["name"] = path.Split('/')[^1];
        var properties = answer["properties"] as JsonObject ?? new JsonObject();
        foreach (var key in properties.Select(p => p.Key).ToList())
            if (IsPlaceholder(properties[key])) properties.Remove(key);
        foreach (var (key, value) in resource.Body["properties"]?.AsObject() ?? new JsonObject())
            properties[key] = value?.DeepClone();
        if (jobStatus is not null) properties["status"] = jobStatus;
        answer["properties"] = properties;
        if (answer["systemData"] is JsonObject system) system["createdAt"] = resource.Created.ToString("O");
        return answer;
    }

    /// <summary>Example values ("string", maps keyed "string") stand for nothing: they must not leak into answers as data.</summary>
    private static bool IsPlaceholder(JsonNode? node) => node switch
    {
        JsonValue v => v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == "string",
        JsonObject o => o.ContainsKey("string") || o.Any(p => IsPlaceholder(p.Value)),
        _ => false,
    };
}

internal sealed record FakeResource(JsonObject Body, string ETag, DateTimeOffset Created);
