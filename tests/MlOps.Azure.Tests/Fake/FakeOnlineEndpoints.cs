using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// Azure ML managed online endpoints and deployments (api 2025-12-01) in the fake. PUT bodies are shape-checked against
/// the recorded examples and answers are built from their response bodies; PUTs and DELETEs are long-running
/// operations that take <see cref="Polls"/> polls; a deployment named in <see cref="FailProvisioning"/> ends Failed.
/// Azure ML's rules are enforced: traffic adds up to 0 or 100 and names existing deployments, mirrored traffic is at
/// most 50% and never goes to a deployment with live traffic, a deployment with traffic cannot be deleted. The
/// endpoint's scoring URI (/fake-aml/score/ENDPOINT/score) checks the key or token, routes by the
/// <c>azureml-model-deployment</c> header or else by the traffic weights, and answers for the deployment it reached.
/// </summary>
internal sealed partial class FakeOnlineEndpoints(FakeAzureMl fake)
{
    public const string EndpointFixture = "Workspace/OnlineEndpoint/createOrUpdate.json";
    public const string EndpointGetFixture = "Workspace/OnlineEndpoint/get.json";
    public const string TokenFixture = "Workspace/OnlineEndpoint/getToken.json";
    public const string DeploymentFixture = "OnlineDeployment/ManagedOnlineDeployment/createOrUpdate.json";
    public const string DeploymentGetFixture = "OnlineDeployment/ManagedOnlineDeployment/get.json";
    public const string LogsFixture = "OnlineDeployment/getLogs.json";
    public const string PrimaryKey = "fake-endpoint-primary-key-s3cret";
    public const string ScoringToken = "fake-aml-scoring-token-s3cret";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeEndpoint> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, FakeOperation> _operations = new();
    private int _nextOperation;

    /// <summary>How many status polls a long-running operation answers InProgress (Location: 202) before it ends.</summary>
    public int Polls { get; set; } = 2;

    /// <summary>
    /// Retry-After (seconds) on operation answers, as ARM sends it; "0" lets a client with the product's 5 s poll
    /// interval (a separate mlops process) follow the operations without waiting.
    /// </summary>
    public string? RetryAfter { get; set; }

    /// <summary>Polls a deployment's provisioning takes, when it should take longer than <see cref="Polls"/> (a timeout test).</summary>
    public int? DeploymentPolls { get; set; }

    /// <summary>Deployments whose provisioning ends Failed (the container crashed), with their log.</summary>
    public HashSet<string> FailProvisioning { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The log each deployment's InferenceServer container "wrote" (getLogs).</summary>
    public Dictionary<string, string> Logs { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a deployment's /score answers (default 200).</summary>
    public Dictionary<string, int> ScoringStatus { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every PUT body received ("PUT endpoint" or "PUT endpoint/deployments/NAME"), in order.</summary>
    public List<(string What, JsonObject Body)> Puts { get; } = [];

    /// <summary>Every scoring call: the header it carried (or null), the deployment that answered, and a mirrored copy (or null).</summary>
    public List<(string? Header, string Answered, string? Mirrored, string Body)> ScoringCalls { get; } = [];

    public static bool Handles(HttpRequest request) =>
        request.Path.StartsWithSegments("/fake-aml") || (request.Path.Value ?? "").Contains("/onlineEndpoints", StringComparison.OrdinalIgnoreCase);

    public string ScoringUri(string endpoint) => $"{fake.BaseUri}fake-aml/score/{endpoint}/score";

    public bool Exists(string endpoint, string? deployment = null)
    {
        lock (_lock)
            return _endpoints.TryGetValue(endpoint, out var e) && (deployment is null || e.Deployments.ContainsKey(deployment));
    }

    public IReadOnlyList<string> Deployments(string endpoint)
    {
        lock (_lock) return _endpoints.TryGetValue(endpoint, out var e) ? e.Deployments.Keys.Order().ToList() : [];
    }

    /// <summary>The endpoint's traffic as stored (deployment → percent).</summary>
    public IReadOnlyDictionary<string, int> Traffic(string endpoint)
    {
        lock (_lock) return Percentages(_endpoints[endpoint].Body["properties"]?["traffic"]);
    }

    /// <summary>An endpoint with live deployments already (set up before the test), all provisioned.</summary>
    public void Seed(string endpoint, string authMode, params (string Name, string Model, int Traffic)[] deployments)
    {
        var body = new JsonObject
        {
            ["location"] = "westeurope",
            ["tags"] = new JsonObject { ["mlops-live"] = deployments.OrderByDescending(d => d.Traffic).First().Name },
            ["properties"] = new JsonObject { ["authMode"] = authMode, ["traffic"] = new JsonObject(deployments.Select(d => KeyValuePair.Create(d.Name, (JsonNode?)d.Traffic))) },
        };
        lock (_lock)
        {
            var e = _endpoints[endpoint] = new FakeEndpoint(Path(endpoint), body) { State = "Succeeded" };
            foreach (var d in deployments)
                e.Deployments[d.Name] = new FakeDeployment($"{e.Path}/deployments/{d.Name}", new JsonObject
                {
                    ["location"] = "westeurope",
                    ["tags"] = new JsonObject { ["mlops-model"] = d.Model, ["mlops-image"] = "seeded-image" },
                    ["properties"] = new JsonObject { ["endpointComputeType"] = "Managed" },
                }) { State = "Succeeded" };
        }
    }

    private static string Path(string endpoint) =>
        $"/subscriptions/{FakeAzureMl.Subscription}/resourceGroups/{FakeAzureMl.ResourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/{FakeAzureMl.Workspace}/onlineEndpoints/{endpoint}";

    [GeneratedRegex("^(?<endpoint>/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/workspaces/[^/]+/onlineEndpoints/(?<name>[^/]+))(?<rest>/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EndpointPath();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/fake-aml/score/", StringComparison.Ordinal))
        {
            await ScoreAsync(context, path["/fake-aml/score/".Length..].Split('/')[0]);
            return;
        }
        if (fake.RejectAllTokens || request.Headers.Authorization != $"Bearer {FakeAzureMl.GoodToken}")
        {
            await FakeHttp.ErrorAsync(context, 401, "InvalidAuthenticationToken", "The access token is invalid or expired.");
            return;
        }
        if (path.StartsWith("/fake-aml/operations/", StringComparison.Ordinal))
        {
            await OperationAsync(context, int.Parse(path.Split('/')[^1]));
            return;
        }
        if (request.Query["api-version"] != Fixtures.ApiVersion)
        {
            await FakeHttp.ErrorAsync(context, 400, "InvalidApiVersion", $"api-version must be {Fixtures.ApiVersion}");
            return;
        }
        var match = EndpointPath().Match(path);
        if (!match.Success)
        {
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"no such path {path}");
            return;
        }
        var name = match.Groups["name"].Value;
        var rest = match.Groups["rest"].Value.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var body = await FakeHttp.ReadJsonAsync(context);
        switch (rest)
        {
            case [] when HttpMethods.IsPut(request.Method):
                await PutEndpointAsync(context, name, match.Groups["endpoint"].Value, body);
                break;
            case [] when HttpMethods.IsGet(request.Method):
                await WithEndpoint(context, name, e => FakeHttp.JsonAsync(context, 200, EndpointAnswer(name, e)));
                break;
            case [] when HttpMethods.IsDelete(request.Method):
                await WithEndpoint(context, name, e => StartAsync(context, location: true, () => { lock (_lock) _endpoints.Remove(name); }));
                break;
            case ["listKeys"] when HttpMethods.IsPost(request.Method):
                var keys = Response(Load20221001ListKeys(), 200);
                keys["primaryKey"] = PrimaryKey;
                keys["secondaryKey"] = PrimaryKey + "-2";
                await WithEndpoint(context, name, _ => FakeHttp.JsonAsync(context, 200, keys));
                break;
            case ["token"] when HttpMethods.IsPost(request.Method):
                var token = Fixtures.ResponseBody(TokenFixture, 200);
                token["accessToken"] = ScoringToken;
                await WithEndpoint(context, name, _ => FakeHttp.JsonAsync(context, 200, token));
                break;
            case ["deployments"] when HttpMethods.IsGet(request.Method):
                await WithEndpoint(context, name, e =>
                {
                    JsonArray items;
                    lock (_lock) items = new JsonArray(e.Deployments.Values.Select(d => (JsonNode)DeploymentAnswer(d)).ToArray());
                    return FakeHttp.JsonAsync(context, 200, new JsonObject { ["value"] = items });
                });
                break;
            case ["deployments", var d] when HttpMethods.IsPut(request.Method):
                await WithEndpoint(context, name, e => PutDeploymentAsync(context, e, d, body));
                break;
            case ["deployments", var d] when HttpMethods.IsGet(request.Method):
                await WithDeployment(context, name, d, (_, x) => FakeHttp.JsonAsync(context, 200, DeploymentAnswer(x)));
                break;
            case ["deployments", var d] when HttpMethods.IsDelete(request.Method):
                await WithDeployment(context, name, d, (e, _) => DeleteDeploymentAsync(context, e, d));
                break;
            case ["deployments", var d, "getLogs"] when HttpMethods.IsPost(request.Method):
                var problem = ShapeCheck.Find(body, Fixtures.RequestBody(LogsFixture), []);
                await WithDeployment(context, name, d, (_, _) => problem is not null
                    ? FakeHttp.ErrorAsync(context, 400, "BadRequest", problem)
                    : FakeHttp.JsonAsync(context, 200, new JsonObject { ["content"] = Logs.GetValueOrDefault(d, $"{d}: listening on 8080") }));
                break;
            default:
                await FakeHttp.ErrorAsync(context, 404, "NotFound", $"{request.Method} {path} is not an operation of this fake");
                break;
        }
    }

    private async Task PutEndpointAsync(HttpContext context, string name, string path, JsonNode? body)
    {
        var problem = body is JsonObject ? ShapeCheck.Find(body, Fixtures.RequestBody(EndpointFixture), ["properties.mirrorTraffic"]) : "a JSON object body is required";
        FakeEndpoint endpoint;
        lock (_lock)
        {
            _endpoints.TryGetValue(name, out var existing);
            problem ??= TrafficProblem(body!["properties"], existing);
            if (problem is null)
            {
                endpoint = existing ?? new FakeEndpoint(path, body!.AsObject());
                endpoint.Body = body!.AsObject();
                endpoint.State = existing is null ? "Creating" : "Updating";
                _endpoints[name] = endpoint;
                Puts.Add(("PUT endpoint", body.AsObject()));
            }
            else endpoint = null!;
        }
        if (problem is not null)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadArgument", problem);
            return;
        }
        await StartAsync(context, location: false, () => endpoint.State = "Succeeded", 201, EndpointAnswer(name, endpoint));
    }

    /// <summary>Azure ML's traffic rules, with its wording.</summary>
    private static string? TrafficProblem(JsonNode? properties, FakeEndpoint? existing)
    {
        var traffic = Percentages(properties?["traffic"]);
        var mirror = Percentages(properties?["mirrorTraffic"]);
        var known = existing?.Deployments.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        if (traffic.Keys.Concat(mirror.Keys).FirstOrDefault(d => !known.Contains(d)) is { } unknown)
            return $"Traffic names deployment '{unknown}', which does not exist in this endpoint.";
        if (traffic.Values.Sum() is not (0 or 100)) return $"Traffic must add up to 0 or 100; it adds up to {traffic.Values.Sum()}.";
        if (mirror.Values.Any(v => v is < 0 or > 50)) return "Mirror traffic of a deployment must be between 0 and 50.";
        if (mirror.FirstOrDefault(m => m.Value > 0 && traffic.GetValueOrDefault(m.Key) > 0) is { Key: { } both })
            return $"Deployment '{both}' cannot receive live traffic and mirror traffic at the same time.";
        return null;
    }

    private async Task PutDeploymentAsync(HttpContext context, FakeEndpoint endpoint, string name, JsonNode? body)
    {
        var problem = body is JsonObject ? ShapeCheck.Find(body, Fixtures.RequestBody(DeploymentFixture), []) : "a JSON object body is required";
        if (problem is not null)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadArgument", $"request body does not follow the recorded example: {problem}");
            return;
        }
        var deployment = new FakeDeployment($"{endpoint.Path}/deployments/{name}", body!.AsObject());
        lock (_lock)
        {
            endpoint.Deployments[name] = deployment;
            Puts.Add(($"PUT endpoint/deployments/{name}", body.AsObject()));
        }
        var fails = FailProvisioning.Contains(name);
        await StartAsync(context, location: false, DeploymentPolls ?? Polls, () => deployment.State = fails ? "Failed" : "Succeeded", 201, DeploymentAnswer(deployment),
            fails ? ("ResourceNotReady", "User container has crashed or terminated: Liveness probe failed: HTTP probe failed with statuscode: 503") : null);
    }

    private async Task DeleteDeploymentAsync(HttpContext context, FakeEndpoint endpoint, string name)
    {
        int live, mirrored;
        lock (_lock)
        {
            live = Percentages(endpoint.Body["properties"]?["traffic"]).GetValueOrDefault(name);
            mirrored = Percentages(endpoint.Body["properties"]?["mirrorTraffic"]).GetValueOrDefault(name);
        }
        if (live > 0 || mirrored > 0)
        {
            await FakeHttp.ErrorAsync(context, 400, "BadArgument", $"Deployment '{name}' has {live}% traffic and {mirrored}% mirror traffic; set them to 0 before deleting it.");
            return;
        }
        await StartAsync(context, location: true, () => { lock (_lock) endpoint.Deployments.Remove(name); });
    }

    /// <summary>Starts a long-running operation: Azure-AsyncOperation (201 + body) for PUTs, Location (202) for DELETEs.</summary>
    private Task StartAsync(HttpContext context, bool location, Action complete, int status = 202, JsonObject? body = null,
        (string Code, string Message)? failure = null) => StartAsync(context, location, Polls, complete, status, body, failure);

    private async Task StartAsync(HttpContext context, bool location, int polls, Action complete, int status = 202, JsonObject? body = null,
        (string Code, string Message)? failure = null)
    {
        int id;
        lock (_lock) _operations[id = ++_nextOperation] = new FakeOperation(polls, complete, failure, location);
        context.Response.Headers[location ? "Location" : "Azure-AsyncOperation"] = $"{fake.BaseUri}fake-aml/operations/{id}";
        if (RetryAfter is not null) context.Response.Headers.RetryAfter = RetryAfter;
        await FakeHttp.JsonAsync(context, status, body);
    }

    private async Task OperationAsync(HttpContext context, int id)
    {
        FakeOperation? operation;
        lock (_lock)
        {
            operation = _operations.GetValueOrDefault(id);
            if (operation is not null && operation.Remaining-- <= 0 && !operation.Done)
            {
                operation.Done = true;
                operation.Complete();
            }
        }
        if (RetryAfter is not null) context.Response.Headers.RetryAfter = RetryAfter;
        if (operation is null)
            await FakeHttp.ErrorAsync(context, 404, "NotFound", $"no operation {id}");
        else if (operation.Location)
            context.Response.StatusCode = operation.Done ? 200 : 202;
        else if (!operation.Done)
            await FakeHttp.JsonAsync(context, 200, new JsonObject { ["status"] = "InProgress" });
        else if (operation.Failure is { } f)
            await FakeHttp.JsonAsync(context, 200, new JsonObject { ["status"] = "Failed", ["error"] = new JsonObject { ["code"] = f.Code, ["message"] = f.Message } });
        else
            await FakeHttp.JsonAsync(context, 200, new JsonObject { ["status"] = "Succeeded" });
    }

    /// <summary>The scoring URI: key or token, then the header's deployment or a weighted pick; mirrored copies are recorded, not answered.</summary>
    private async Task ScoreAsync(HttpContext context, string name)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth != $"Bearer {PrimaryKey}" && auth != $"Bearer {ScoringToken}")
        {
            context.Response.StatusCode = 401;
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        string? header = context.Request.Headers["azureml-model-deployment"].FirstOrDefault();
        string? answered, mirrored = null;
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(name, out var endpoint))
            {
                context.Response.StatusCode = 404;
                return;
            }
            var traffic = Percentages(endpoint.Body["properties"]?["traffic"]);
            answered = header ?? Pick(traffic);
            if (header is null)
                mirrored = Percentages(endpoint.Body["properties"]?["mirrorTraffic"]).Where(m => Random.Shared.Next(100) < m.Value).Select(m => m.Key).FirstOrDefault();
            if (answered is null || !endpoint.Deployments.TryGetValue(answered, out var d) || d.State != "Succeeded")
                answered = null;
            ScoringCalls.Add((header, answered ?? "(none)", mirrored, body));
        }
        if (answered is null)
        {
            await FakeHttp.ErrorAsync(context, 404, "DeploymentNotFound", header is null ? "No deployment receives traffic." : $"Deployment '{header}' not found or not ready.");
            return;
        }
        context.Response.Headers["azureml-model-deployment"] = answered;
        await FakeHttp.JsonAsync(context, ScoringStatus.GetValueOrDefault(answered, 200), new JsonObject { ["deployment"] = answered, ["predictions"] = new JsonArray(0.5) });
    }

    private static string? Pick(IReadOnlyDictionary<string, int> traffic)
    {
        var roll = Random.Shared.Next(100);
        foreach (var (name, percent) in traffic.OrderBy(t => t.Key, StringComparer.Ordinal))
            if ((roll -= percent) < 0) return name;
        return null;
    }

    private JsonObject EndpointAnswer(string name, FakeEndpoint endpoint)
    {
        var answer = Fixtures.ResponseBody(EndpointGetFixture, 200);
        lock (_lock)
        {
            answer["id"] = endpoint.Path;
            answer["name"] = name;
            answer["type"] = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
            answer["location"] = endpoint.Body["location"]?.DeepClone();
            answer["tags"] = endpoint.Body["tags"]?.DeepClone() ?? new JsonObject();
            var p = answer["properties"]!.AsObject();
            foreach (var (key, value) in endpoint.Body["properties"]!.AsObject()) p[key] = value?.DeepClone();
            p["provisioningState"] = endpoint.State;
            p["scoringUri"] = ScoringUri(name);
            p["traffic"] ??= new JsonObject();
        }
        return answer;
    }

    private JsonObject DeploymentAnswer(FakeDeployment deployment)
    {
        var answer = Fixtures.ResponseBody(DeploymentGetFixture, 200);
        lock (_lock)
        {
            answer["id"] = deployment.Path;
            answer["name"] = deployment.Path.Split('/')[^1];
            answer["type"] = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";
            foreach (var key in new[] { "location", "tags", "sku" }) answer[key] = deployment.Body[key]?.DeepClone();
            var properties = deployment.Body["properties"]!.DeepClone().AsObject();
            properties["provisioningState"] = deployment.State;
            answer["properties"] = properties;
        }
        return answer;
    }

    private async Task WithEndpoint(HttpContext context, string name, Func<FakeEndpoint, Task> then)
    {
        FakeEndpoint? endpoint;
        lock (_lock) endpoint = _endpoints.GetValueOrDefault(name);
        if (endpoint is null)
            await FakeHttp.ErrorAsync(context, 404, "ResourceNotFound", $"Online endpoint '{name}' not found.");
        else
            await then(endpoint);
    }

    private Task WithDeployment(HttpContext context, string name, string deployment, Func<FakeEndpoint, FakeDeployment, Task> then) =>
        WithEndpoint(context, name, async e =>
        {
            FakeDeployment? d;
            lock (_lock) d = e.Deployments.GetValueOrDefault(deployment);
            if (d is null)
                await FakeHttp.ErrorAsync(context, 404, "ResourceNotFound", $"Deployment '{deployment}' of endpoint '{name}' not found.");
            else
                await then(e, d);
        });

    private static Dictionary<string, int> Percentages(JsonNode? node) =>
        (node as JsonObject)?.ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.OrdinalIgnoreCase) ?? new(StringComparer.OrdinalIgnoreCase);

    /// <summary>listKeys is stored at 2022-10-01 only (see shared/fixtures/README.md); its shape did not change.</summary>
    private static JsonObject Load20221001ListKeys() =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Fixtures.SharedFolder("azure", "machinelearningservices", "2022-10-01", "examples"),
            "OnlineEndpoint", "listKeys.json")))!.AsObject();

    private static JsonObject Response(JsonObject example, int status) => example["responses"]![status.ToString()]!["body"]!.DeepClone().AsObject();

    private sealed class FakeEndpoint(string path, JsonObject body)
    {
        public string Path { get; } = path;
        public JsonObject Body { get; set; } = body;
        public string State { get; set; } = "Creating";
        public Dictionary<string, FakeDeployment> Deployments { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed class FakeDeployment(string path, JsonObject body)
    {
        public string Path { get; } = path;
        public JsonObject Body { get; } = body;
        public string State { get; set; } = "Creating";
    }

    private sealed class FakeOperation(int polls, Action complete, (string Code, string Message)? failure, bool location)
    {
        public int Remaining { get; set; } = polls;
        public Action Complete { get; } = complete;
        public (string Code, string Message)? Failure { get; } = failure;
        public bool Location { get; } = location;
        public bool Done { get; set; }
    }
}
