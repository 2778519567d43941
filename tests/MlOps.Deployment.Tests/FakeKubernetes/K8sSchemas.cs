using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Deployment.Tests.FakeKubernetes;

/// <summary>
/// The Kubernetes 1.35 OpenAPI v3 schemas of shared/fixtures/k8s (core/v1, apps/v1, autoscaling/v2), used by the fake
/// API server to refuse bodies the real one would: a missing required field, a property the schema does not have
/// (a typo the real server would drop or reject), or a value of the wrong type.
/// </summary>
internal sealed class K8sSchemas
{
    private static readonly Lazy<K8sSchemas> Loaded = new(Load);
    private readonly Dictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _paths = new(StringComparer.Ordinal);

    public static K8sSchemas Instance => Loaded.Value;

    /// <summary>The schema name of a kind in a group/version, e.g. io.k8s.api.apps.v1.Deployment; null when the fixtures lack it.</summary>
    public string? SchemaOf(string apiVersion, string kind)
    {
        foreach (var (name, schema) in _schemas)
            if (schema["x-kubernetes-group-version-kind"] is JsonArray gvks
                && gvks.OfType<JsonObject>().Any(g => Gv(g) == apiVersion && (string?)g["kind"] == kind))
                return name;
        return null;
    }

    /// <summary>
    /// Whether DELETE of a namespaced <paramref name="resource"/> answers the deleted object (services) rather than a
    /// Status (most others), as the fixture's paths say; resources the fixtures lack answer a Status.
    /// </summary>
    public bool DeleteAnswersObject(string resource)
    {
        var path = _paths.FirstOrDefault(p => p.Key.EndsWith($"/namespaces/{{namespace}}/{resource}/{{name}}", StringComparison.Ordinal)).Value;
        var schema = (string?)path?["delete"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["$ref"];
        return schema is not null && !schema.EndsWith(".Status", StringComparison.Ordinal);
    }

    /// <summary>The first problem of <paramref name="body"/> against the schema, as the API server's 422 would say it; null when valid.</summary>
    public string? Validate(JsonNode? body, string schemaName) => Check(body, new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" }, "");

    private string? Check(JsonNode? node, JsonObject schema, string path)
    {
        if (schema["$ref"] is JsonValue r)
            return Check(node, _schemas[((string)r!)["#/components/schemas/".Length..]], path);
        if (schema["allOf"] is JsonArray all)
            foreach (var part in all.OfType<JsonObject>())
                if (Check(node, part, path) is { } error) return error;
        if (schema["oneOf"] is JsonArray one && !one.OfType<JsonObject>().Any(s => Check(node, s, path) is null))
            return $"{Show(path)}: {Kind(node)} is none of the types {string.Join(", ", one.Select(s => (string?)s?["type"]))}";
        return (string?)schema["type"] switch
        {
            "object" => CheckObject(node, schema, path),
            "array" when node is JsonArray items => items.Select((item, i) => schema["items"] is JsonObject s ? Check(item, s, $"{path}[{i}]") : null)
                .FirstOrDefault(e => e is not null),
            "array" => $"{Show(path)}: expected a list, found {Kind(node)}",
            "string" when node?.GetValueKind() is not JsonValueKind.String => $"{Show(path)}: expected a string, found {Kind(node)}",
            "integer" or "number" when node?.GetValueKind() is not JsonValueKind.Number => $"{Show(path)}: expected a number, found {Kind(node)}",
            "boolean" when node?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False) => $"{Show(path)}: expected true or false, found {Kind(node)}",
            _ => null,
        };
    }

    private string? CheckObject(JsonNode? node, JsonObject schema, string path)
    {
        if (node is not JsonObject obj) return $"{Show(path)}: expected an object, found {Kind(node)}";
        if (schema["required"] is JsonArray required)
            foreach (var name in required.Select(n => (string)n!))
                if (!obj.ContainsKey(name)) return $"{Show(path)}: Required value: {Join(path, name)} is required";
        var properties = schema["properties"] as JsonObject;
        foreach (var (key, value) in obj)
        {
            var childPath = Join(path, key);
            if (properties?[key] is JsonObject property)
            {
                if (Check(value, property, childPath) is { } error) return error;
            }
            else if (schema["additionalProperties"] is JsonObject map)
            {
                if (Check(value, map, childPath) is { } error) return error;
            }
            else if (properties is not null)
                return $"{Show(childPath)}: unknown field \"{key}\"";
        }
        return null;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Show(string path) => path.Length == 0 ? "body" : path;

    private static string Kind(JsonNode? node) => node?.GetValueKind().ToString().ToLowerInvariant() ?? "null";

    private static string Gv(JsonObject gvk) => (string?)gvk["group"] is { Length: > 0 } group ? $"{group}/{gvk["version"]}" : (string)gvk["version"]!;

    private static K8sSchemas Load()
    {
        var schemas = new K8sSchemas();
        foreach (var file in new[] { "api/v1.json", "apis/apps/v1.json", "apis/autoscaling/v2.json" })
        {
            var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
                schemas._schemas.TryAdd(name, (JsonObject)schema!);
            foreach (var (path, operations) in document["paths"]!.AsObject())
                schemas._paths.TryAdd(path, (JsonObject)operations!);
        }
        return schemas;
    }

    /// <summary>shared/fixtures/k8s/openapi-v3/1.35 beside shared/datasets.</summary>
    public static string Folder => Path.Combine(Path.GetDirectoryName(SharedData.Folder)!, "fixtures", "k8s", "openapi-v3", "1.35");
}
