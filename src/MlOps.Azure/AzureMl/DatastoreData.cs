using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>A blob datastore: the storage account and container behind azureml://datastores/{Name}/paths/... URIs.</summary>
public sealed record DatastoreData(string Name, string AccountName, string ContainerName, string EndpointSuffix, string Protocol, bool IsDefault)
{
    internal static DatastoreData From(JsonObject o)
    {
        var p = o["properties"] ?? new JsonObject();
        return new DatastoreData(o["name"]?.GetValue<string>() ?? "", p["accountName"]?.GetValue<string>() ?? "",
            p["containerName"]?.GetValue<string>() ?? "", p["endpoint"]?.GetValue<string>() ?? "core.windows.net",
            p["protocol"]?.GetValue<string>() ?? "https", p["isDefault"]?.GetValue<bool>() ?? false);
    }
}
