using System.Text.Json.Nodes;

namespace MlOps.Azure.Tests.Fake;

/// <summary>The recorded Azure Container Instances examples in shared/fixtures/azure/containerinstance (read at test time).</summary>
internal static class AciFixtures
{
    public const string Create = "2021-10-01/examples/ContainerGroupsCreateOrUpdate.json";
    public const string GetSucceeded = "2025-09-01/examples/ContainerGroupsGet_Succeeded.json";
    public const string GetFailed = "2025-09-01/examples/ContainerGroupsGet_Failed.json";
    public const string Delete = "2025-09-01/examples/ContainerGroupsDelete.json";
    public const string Logs = "2025-09-01/examples/ContainerListLogs.json";

    /// <summary>An example file; a fresh copy each call (callers mutate it).</summary>
    public static JsonObject Load(string relative) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.SharedFolder("azure", "containerinstance"), relative)))!.AsObject();

    public static JsonObject Response(string relative, int status) =>
        Load(relative)["responses"]?[status.ToString()]?["body"]?.AsObject() is { } body ? (JsonObject)body.DeepClone()
        : throw new InvalidOperationException($"fixture {relative} has no {status} response body");

    /// <summary>
    /// The PUT body's shape: the recorded example, plus what the 2025-09-01 schema has that the example shows empty or
    /// not at all (environment variable and registry credential items, probes; userAssignedIdentities as a map).
    /// </summary>
    public static JsonObject RequestShape()
    {
        var shape = Load(Create)["parameters"]!["containerGroup"]!.DeepClone().AsObject();
        var container = shape["properties"]!["containers"]![0]!["properties"]!.AsObject();
        container["environmentVariables"] = new JsonArray(new JsonObject { ["name"] = "string", ["value"] = "string", ["secureValue"] = "string" });
        container["livenessProbe"] = Probe();
        container["readinessProbe"] = Probe();
        shape["properties"]!["imageRegistryCredentials"] = new JsonArray(new JsonObject
        {
            ["server"] = "string", ["username"] = "string", ["password"] = "string", ["identity"] = "string", ["identityUrl"] = "string",
        });
        shape["identity"]!["userAssignedIdentities"] = new JsonObject { ["string"] = new JsonObject() };
        return shape;
    }

    private static JsonObject Probe() => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = "string", ["port"] = 0, ["scheme"] = "http" },
        ["initialDelaySeconds"] = 0, ["periodSeconds"] = 0, ["failureThreshold"] = 0, ["successThreshold"] = 0, ["timeoutSeconds"] = 0,
    };
}
