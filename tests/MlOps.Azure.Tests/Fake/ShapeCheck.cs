using System.Text.Json.Nodes;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// Checks a request body against a fixture's request body: every property the client sends must exist at the same
/// place in the recorded example (maps such as tags, written {"string": ...} in the examples, accept any key and check
/// each value against the example value). Properties the 2025-12-01 schema has but the example does not show are
/// listed explicitly by the caller as extras ("properties.isArchived", "*" for any map key).
/// </summary>
internal static class ShapeCheck
{
    public static string? Find(JsonNode? request, JsonNode? fixture, IReadOnlyCollection<string> extras) => Walk(request, fixture, "", extras);

    private static string? Walk(JsonNode? request, JsonNode? fixture, string path, IReadOnlyCollection<string> extras)
    {
        // Lists: every item must have the shape of the example's first item (an empty example list shows no shape).
        if (request is JsonArray items)
        {
            if (fixture is not JsonArray example)
                return extras.Contains(path) ? null : $"'{path}' is a list, the recorded example has {fixture?.GetValueKind().ToString() ?? "nothing"}";
            return example.Count == 0 ? null : items.Select(item => Walk(item, example[0], path, extras)).FirstOrDefault(e => e is not null);
        }
        if (request is not JsonObject r) return null;
        if (fixture is not JsonObject f)
            return extras.Contains(path) ? null : $"'{path}' is an object, the recorded example has {fixture?.GetValueKind().ToString() ?? "nothing"}";
        // Tags are written with sample keys (tag1, tag2) in some examples: any key is fine, values stay strings.
        var isTags = path.EndsWith("tags", StringComparison.Ordinal);
        if (isTags)
            return r.All(p => p.Value is JsonValue) ? null : $"'{path}' must map names to strings";
        var isMap = f.Count == 1 && f.ContainsKey("string");
        foreach (var (key, value) in r)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{(isMap ? "*" : key)}";
            var template = isMap ? f["string"] : f[key];
            if (!isMap && !f.ContainsKey(key))
            {
                if (extras.Contains(childPath)) continue;
                return $"unknown property '{childPath}' (not in the recorded example)";
            }
            if (Walk(value, template, childPath, extras) is { } error) return error;
        }
        return null;
    }
}
