using System.Text.RegularExpressions;

namespace MlOps.Azure.Storage;

/// <summary>
/// azureml://[subscriptions/{s}/resourcegroups/{rg}/workspaces/{ws}/]datastores/{name}/paths/{path}: the way Azure
/// ML names a place in a datastore (job outputs, workspace model files).
/// </summary>
public static partial class AzureMlUri
{
    [GeneratedRegex("^azureml://(?:subscriptions/[^/]+/resource[gG]roups/[^/]+/workspaces/[^/]+/)?datastores/(?<ds>[^/]+)/paths/(?<path>.*)$")]
    private static partial Regex DatastorePath();

    public static string ForDatastore(string datastore, string path) => $"azureml://datastores/{datastore}/paths/{path.Trim('/')}/";

    public static bool TryParse(string uri, out string datastore, out string path)
    {
        var match = DatastorePath().Match(uri);
        datastore = match.Success ? match.Groups["ds"].Value : "";
        path = match.Success ? Uri.UnescapeDataString(match.Groups["path"].Value).Trim('/') : "";
        return match.Success;
    }
}
