using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Deployment.Tests.FakeKubernetes;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (plain http, as a kubeconfig may point at): it stores the objects
/// mlops sends after checking them against the 1.35 OpenAPI schemas of shared/fixtures, answers with Status objects
/// as the real server does (404, 409, 422, 401, 403 naming the user and verb), and plays the Deployment controller:
/// each read of a Deployment is one controller pass (see <see cref="FakeController"/>). Pods, their logs and the
/// service proxy are derived from the ReplicaSets and the behaviour of each image (<see cref="Images"/>).
/// </summary>
public sealed partial class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "fake-token-of-ci-deployer";
    public const string User = "ci-deployer";
    private LoopbackHost _host = null!;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly FakeController _controller;
    private int _resourceVersion = 100;

    private FakeKubernetesApi() => _controller = new FakeController(this);

    public Uri BaseUrl => _host.BaseUri;

    public HashSet<string> Namespaces { get; } = ["default", "ml"];

    /// <summary>What the pods of each image do; images not listed are <see cref="ImageBehavior.Healthy"/>.</summary>
    public Dictionary<string, ImageBehavior> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>What a crash-looping container wrote before it exited.</summary>
    public string CrashLog { get; set; } = "loading model /model/model.onnx\nUnhandled exception. System.IO.FileNotFoundException: model.onnx not found\n";

    /// <summary>Controller passes a rollout that makes no progress takes to exceed its deadline (instead of progressDeadlineSeconds).</summary>
    public int DeadlineTicks { get; set; } = 3;

    /// <summary>"verb resource" pairs the user may not do, e.g. "create deployments" (answered 403).</summary>
    public HashSet<string> Forbidden { get; } = [];

    /// <summary>Every request as "METHOD /path?query → status".</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Bodies refused by the schema check (a test fails on any).</summary>
    public List<string> SchemaErrors { get; } = [];

    /// <summary>Paths asked through the service proxy.</summary>
    public List<string> ProxyRequests { get; } = [];

    internal Lock Sync => _lock;

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var fake = new FakeKubernetesApi();
        fake._host = await LoopbackHost.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Writes a kubeconfig whose context "fake" points at this server with the user's token (or another one).</summary>
    public string WriteKubeconfig(string directory, string? token = null)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster: {"{"} server: "{BaseUrl.ToString().TrimEnd('/')}" {"}"}
            users:
            - name: {User}
              user: {"{"} token: "{token ?? Token}" {"}"}
            contexts:
            - name: fake
              context: {"{"} cluster: fake, user: {User} {"}"}
            current-context: fake
            """);
        return path;
    }

    /// <summary>A stored object (a copy), or null.</summary>
    public JsonObject? Get(string resource, string ns, string name)
    {
        lock (_lock) return _objects.TryGetValue(Key(resource, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public IReadOnlyList<string> Stored(string ns)
    {
        lock (_lock) return _objects.Keys.Where(k => k.Split('/')[1] == ns).Order().ToList();
    }

    /// <summary>Revision of each ReplicaSet of a Deployment with its image and pod count, e.g. "1 adult:1 0/0".</summary>
    public IReadOnlyList<string> ReplicaSets(string ns, string deployment)
    {
        lock (_lock) return _controller.Sets(Key("deployments", ns, deployment)).Select(rs => $"{rs.Revision} {rs.Image} {rs.Ready}/{rs.Replicas}").ToList();
    }

    internal int NextResourceVersion() => ++_resourceVersion;

    internal static string Key(string resource, string ns, string name) => $"{resource}/{ns}/{name}";

    [GeneratedRegex("^/(?:api/v1|apis/(?<group>[^/]+)/(?<version>[^/]+))/namespaces/(?<ns>[^/]+)/(?<resource>[^/]+)(?:/(?<name>[^/]+)(?:/(?<sub>.*))?)?$")]
    private static partial Regex ResourcePath();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        int status;
        try
        {
            status = await AnswerAsync(context, path);
        }
        // A bug of the fake must not pass for a server error the client should handle: it is answered and shown.
        catch (Exception e) when (!context.Response.HasStarted)
        {
            status = await StatusAsync(context, 500, "InternalError", $"fake Kubernetes API bug: {e}");
        }
        lock (_lock) Requests.Add($"{request.Method} {path}{request.QueryString} → {status}");
    }

    private async Task<int> AnswerAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (request.Headers.Authorization != $"Bearer {Token}")
            return await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
        var match = ResourcePath().Match(path);
        if (!match.Success) return await StatusAsync(context, 404, "NotFound", $"the server could not find the requested resource ({path})");
        var (ns, resource, name, sub) = (match.Groups["ns"].Value, match.Groups["resource"].Value, match.Groups["name"].Value, match.Groups["sub"].Value);
        var group = match.Groups["group"].Value;
        var verb = request.Method switch
        {
            "GET" when name.Length == 0 => "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "DELETE" => "delete",
            var m => m.ToLowerInvariant(),
        };
        var what = resource + (sub.Length > 0 ? "/" + sub.Split('/')[0] : "");
        if (Forbidden.Contains($"{verb} {what}"))
            return await StatusAsync(context, 403, "Forbidden",
                $"{what}{(group.Length > 0 ? "." + group : "")} {(name.Length > 0 ? $"\"{name}\" " : "")}is forbidden: User \"{User}\" cannot {verb} resource \"{what}\" " +
                $"in API group \"{group}\" in the namespace \"{ns}\"");
        if (!Namespaces.Contains(ns)) return await StatusAsync(context, 404, "NotFound", $"namespaces \"{ns}\" not found");

        if (resource == "services" && sub.StartsWith("proxy", StringComparison.Ordinal)) return await ProxyAsync(context, ns, name, sub);
        if (resource == "pods") return await PodsAsync(context, ns, name, sub);
        if (resource == "replicasets" && verb == "list")
        {
            JsonArray items;
            lock (_lock) items = _controller.ReplicaSetObjects(ns);
            return await JsonAsync(context, 200, new JsonObject { ["kind"] = "ReplicaSetList", ["apiVersion"] = "apps/v1", ["metadata"] = new JsonObject(), ["items"] = items });
        }
        if (sub.Length > 0) return await StatusAsync(context, 404, "NotFound", $"no subresource {sub} in the fake");
        var key = Key(resource, ns, name);
        switch (verb)
        {
            case "get":
                JsonObject? found;
                lock (_lock)
                {
                    if (resource == "deployments") _controller.Pass(key);
                    found = _objects.TryGetValue(key, out var o) ? (JsonObject)o.DeepClone() : null;
                }
                return found is null ? await NotFoundAsync(context, resource, group, name) : await JsonAsync(context, 200, found);
            case "create":
            case "update":
                return await WriteAsync(context, ns, resource, group, name, verb);
            case "delete":
                JsonObject? removed;
                lock (_lock)
                {
                    _objects.Remove(key, out removed);
                    if (resource == "deployments") _controller.Forget(key);
                }
                if (removed is null) return await NotFoundAsync(context, resource, group, name);
                return await JsonAsync(context, 200, K8sSchemas.Instance.DeleteAnswersObject(resource) ? removed
                    : new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = new JsonObject { ["name"] = name } });
            default:
                return await StatusAsync(context, 405, "MethodNotAllowed", $"{verb} {resource} is not served by the fake");
        }
    }

    private async Task<int> WriteAsync(HttpContext context, string ns, string resource, string group, string name, string verb)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject;
        if (body is null) return await StatusAsync(context, 400, "BadRequest", "the body is not a JSON object");
        var apiVersion = (string?)body["apiVersion"] ?? "";
        var kind = (string?)body["kind"] ?? "";
        var expected = group.Length > 0 ? $"{group}/{context.Request.Path.Value!.Split('/')[3]}" : "v1";
        if (apiVersion != expected) return await StatusAsync(context, 400, "BadRequest", $"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");
        // policy/v1 is not among the fixtures: a PodDisruptionBudget is checked for its kind and name only.
        if (K8sSchemas.Instance.SchemaOf(apiVersion, kind) is { } schema && K8sSchemas.Instance.Validate(body, schema) is { } invalid)
        {
            lock (_lock) SchemaErrors.Add($"{kind}: {invalid}");
            return await StatusAsync(context, 422, "Invalid", $"{kind} \"{body["metadata"]?["name"]}\" is invalid: {invalid}");
        }
        var metaName = (string?)body["metadata"]?["name"];
        if (verb == "update" && metaName != name)
            return await StatusAsync(context, 400, "BadRequest", $"the name of the object ({metaName}) does not match the name on the URL ({name})");
        name = metaName ?? "";
        var key = Key(resource, ns, name);
        var meta = body["metadata"]!.AsObject();
        meta["namespace"] = ns;
        (int Code, string Reason, string Message)? refused = null;
        lock (_lock)
        {
            _objects.TryGetValue(key, out var current);
            if (verb == "create" && current is not null) refused = (409, "AlreadyExists", $"{resource} \"{name}\" already exists");
            else if (verb == "update" && current is null) refused = (404, "NotFound", $"{resource} \"{name}\" not found");
            else if (verb == "update" && (string?)meta["resourceVersion"] is { } version && version != (string?)current!["metadata"]!["resourceVersion"])
                refused = (409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; " +
                                            "please apply your changes to the latest version and try again");
            else
            {
                meta["uid"] = current?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
                meta["creationTimestamp"] = current?["metadata"]?["creationTimestamp"]?.DeepClone() ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
                meta["resourceVersion"] = NextResourceVersion().ToString();
                if (resource == "deployments") _controller.Accept(key, body, current);
                if (resource == "services") body["spec"]!["clusterIP"] = current?["spec"]?["clusterIP"]?.DeepClone() ?? "10.0.0.42";
                // stringData is write-only: merged into data (base64), never answered.
                if (body["stringData"] is JsonObject plain)
                {
                    var data = (body["data"] ??= new JsonObject()).AsObject();
                    foreach (var (k, v) in plain) data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string)v!));
                    body.Remove("stringData");
                }
                _objects[key] = body;
            }
        }
        if (refused is { } r) return await StatusAsync(context, r.Code, r.Reason, r.Message);
        return await JsonAsync(context, verb == "create" ? 201 : 200, body);
    }

    private async Task<int> PodsAsync(HttpContext context, string ns, string name, string sub)
    {
        if (name.Length == 0)
        {
            var selector = context.Request.Query["labelSelector"].ToString();
            JsonArray items;
            lock (_lock) items = _controller.Pods(ns, selector);
            return await JsonAsync(context, 200, new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["items"] = items });
        }
        if (sub != "log") return await StatusAsync(context, 404, "NotFound", $"pods \"{name}\" not found");
        string? log;
        lock (_lock) log = _controller.Log(ns, name, context.Request.Query["previous"] == "true");
        if (log is null) return await StatusAsync(context, 404, "NotFound", $"pods \"{name}\" not found");
        var tail = int.TryParse(context.Request.Query["tailLines"], out var t) ? t : int.MaxValue;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(string.Join('\n', log.TrimEnd('\n').Split('\n').TakeLast(tail)) + "\n");
        return 200;
    }

    /// <summary>/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH: 503 without a ready endpoint, else what the ready pods' image answers.</summary>
    private async Task<int> ProxyAsync(HttpContext context, string ns, string nameAndPort, string sub)
    {
        var path = "/" + sub["proxy".Length..].TrimStart('/');
        lock (_lock) ProxyRequests.Add($"{nameAndPort}{path}");
        var name = nameAndPort.Split(':')[0];
        var port = nameAndPort.Contains(':') ? nameAndPort.Split(':')[1] : "";
        var service = Get("services", ns, name);
        if (service is null) return await NotFoundAsync(context, "services", "", name);
        if (port.Length > 0 && !service["spec"]!["ports"]!.AsArray().Any(p => p!["port"]!.ToString() == port || (string?)p["name"] == port))
            return await StatusAsync(context, 503, "ServiceUnavailable", $"no endpoints available for service \"{nameAndPort}\"");
        ImageBehavior[] ready;
        lock (_lock) ready = _controller.ReadyImages(ns, service["spec"]!["selector"]!.AsObject()).Select(Behavior).ToArray();
        if (ready.Length == 0) return await StatusAsync(context, 503, "ServiceUnavailable", $"no endpoints available for service \"{name}\"");
        var healthy = path == "/health/ready" && ready.All(b => b != ImageBehavior.FailsSmokeTest);
        context.Response.StatusCode = healthy ? 200 : 503;
        await context.Response.WriteAsync(healthy ? "ready" : "model not loaded");
        return context.Response.StatusCode;
    }

    internal ImageBehavior Behavior(string image) => Images.GetValueOrDefault(image, ImageBehavior.Healthy);

    private static Task<int> NotFoundAsync(HttpContext context, string resource, string group, string name) =>
        StatusAsync(context, 404, "NotFound", $"{resource}{(group.Length > 0 ? "." + group : "")} \"{name}\" not found");

    private static async Task<int> StatusAsync(HttpContext context, int code, string reason, string message) =>
        await JsonAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });

    private static async Task<int> JsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
        return code;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
