using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>Converts the string-to-string maps Azure ML uses (tags, properties, environmentVariables).</summary>
internal static class JsonMaps
{
    public static Dictionary<string, string> Read(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static JsonObject Write(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal)) o[key] = value;
        return o;
    }
}
