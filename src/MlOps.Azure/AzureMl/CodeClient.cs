using System.Text.Json.Nodes;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>Code snapshots of a workspace (CodeVersions_*): the folder a command job runs in.</summary>
public sealed class CodeClient : AzureMlClientBase
{
    public CodeClient(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options = null) : base(scope, credential, options) { }

    public CodeClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    private string VersionPath(string name, string version) =>
        $"{Scope.ResourcePath}/codes/{E(name)}/versions/{E(version)}";

    /// <summary>Null when that version was never created; code versions are immutable, so an existing one is reused as is.</summary>
    public async Task<string?> GetVersionIdAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await Arm.TryGetAsync(VersionPath(name, version), cancellationToken).ConfigureAwait(false))?.Body?["id"]?.GetValue<string>();

    /// <summary>A temporary SAS for uploading the snapshot (CodeVersions_CreateOrGetStartPendingUpload).</summary>
    public async Task<PendingUpload> StartPendingUploadAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        Scope.RequireWorkspace("uploading code");
        var result = await Arm.SendJsonAsync(RequestMethod.Post, $"{VersionPath(name, version)}/startPendingUpload",
            PendingUpload.Request("TemporaryBlobReference"), null, cancellationToken).ConfigureAwait(false);
        return PendingUpload.From(result.Body);
    }

    /// <summary>Registers the uploaded folder as the code version; returns its ARM id (a job's codeId).</summary>
    public async Task<string> CreateOrUpdateAsync(string name, string version, Uri codeUri, IReadOnlyDictionary<string, string> tags,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["properties"] = new JsonObject { ["codeUri"] = codeUri.ToString(), ["isAnonymous"] = false, ["tags"] = JsonMaps.Write(tags) },
        };
        var result = await Arm.SendJsonAsync(RequestMethod.Put, VersionPath(name, version), body, null, cancellationToken).ConfigureAwait(false);
        return IdOrPath(result, VersionPath(name, version));
    }

    internal static string IdOrPath(ArmResult result, string path) =>
        result.Body?["id"]?.GetValue<string>() is { Length: > 0 } id && id.StartsWith('/') ? id : path;
}
