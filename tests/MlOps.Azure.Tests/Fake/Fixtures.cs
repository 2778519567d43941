using System.Text.Json.Nodes;

namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// The recorded Azure ML REST examples in shared/fixtures (read at test time, never copied), found by walking up from
/// the test directory like <see cref="SharedData"/> does for datasets.
/// </summary>
internal static class Fixtures
{
    public const string ApiVersion = "2025-12-01";

    public static string Folder => SharedFolder("azure", "machinelearningservices", ApiVersion, "examples");

    /// <summary>A folder under shared/fixtures, e.g. ("azure", "containerinstance").</summary>
    public static string SharedFolder(params string[] parts)
    {
        var relative = Path.Combine(["shared", "fixtures", .. parts]);
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above the test directory");
    }

    private static readonly Dictionary<string, JsonObject> Cache = new();

    /// <summary>An example file, e.g. "Workspace/ModelVersion/createOrUpdate.json"; a fresh copy each call (callers mutate it).</summary>
    public static JsonObject Load(string relative)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relative, out var doc))
                Cache[relative] = doc = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, relative)))!.AsObject();
            return doc.DeepClone().AsObject();
        }
    }

    public static JsonNode? RequestBody(string relative) => Load(relative)["parameters"]?["body"];

    public static JsonObject ResponseBody(string relative, int status) =>
        Load(relative)["responses"]?[status.ToString()]?["body"]?.DeepClone().AsObject()
        ?? throw new InvalidOperationException($"fixture {relative} has no {status} response body");

    public static string? ApiVersionOf(string relative) => Load(relative)["parameters"]?["api-version"]?.GetValue<string>();
}
