using System.Globalization;
using Azure.Storage.Blobs;
using MlOps.Azure;
using MlOps.Azure.AzureMl;
using MlOps.Azure.Storage;

namespace MlOps.Registry.AzureMl;

/// <summary>
/// Where a version's files go and come back from. Registries hand out a pending-upload SAS (the files' folder becomes
/// modelUri); workspaces keep model files in their default datastore, addressed as azureml://datastores/.../paths/...
/// </summary>
internal sealed class ModelFileStore(ModelsClient models, ArmPipeline arm)
{
    private readonly DatastoreBlobs? _datastores =
        models.Scope.IsRegistry ? null : new DatastoreBlobs(new DatastoresClient(models.Scope, arm));

    /// <summary>Uploads the files of a new version; returns the URI to store as modelUri.</summary>
    public async Task<Uri> UploadAsync(string name, int version, IReadOnlyList<(string Key, string FullPath)> files, CancellationToken cancellationToken)
    {
        var v = version.ToString(CultureInfo.InvariantCulture);
        if (_datastores is null)
        {
            var pending = await models.StartPendingUploadAsync(name, v, cancellationToken).ConfigureAwait(false);
            await BlobTransfer.UploadAsync(BlobClients.FromSasUri(pending.SasUri, arm.Options), files, cancellationToken).ConfigureAwait(false);
            return pending.BlobUri;
        }
        var datastore = await new DatastoresClient(models.Scope, arm).GetDefaultAsync(cancellationToken).ConfigureAwait(false);
        // A fresh folder per attempt: a retried registration never mixes its files with a half-finished earlier one.
        var path = $"mlops/models/{name}/{v}/{Guid.NewGuid():N}";
        var folder = await _datastores.OpenAsync(datastore.Name, path, cancellationToken).ConfigureAwait(false);
        await BlobTransfer.UploadAsync(folder, files, cancellationToken).ConfigureAwait(false);
        return new Uri(AzureMlUri.ForDatastore(datastore.Name, path));
    }

    /// <summary>Downloads every file below modelUri into <paramref name="target"/>.</summary>
    public async Task DownloadAsync(Uri modelUri, string target, CancellationToken cancellationToken)
    {
        var text = modelUri.OriginalString;
        BlobFolder folder;
        if (AzureMlUri.TryParse(text, out var datastore, out var path))
        {
            if (_datastores is null) throw new InvalidDataException($"modelUri '{text}' names a workspace datastore, but this is a registry");
            folder = await _datastores.OpenAsync(datastore, path, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Registry storage is read with the caller's own Entra token (the identity needs read access to the registry).
            var parts = new BlobUriBuilder(modelUri);
            var prefix = parts.BlobName.Trim('/');
            parts.BlobName = "";
            parts.Sas = null;
            folder = new BlobFolder(BlobClients.Container(parts.ToUri(), arm.Credential, arm.Options), prefix);
        }
        Directory.CreateDirectory(target);
        var written = await BlobTransfer.DownloadAsync(folder, target, cancellationToken).ConfigureAwait(false);
        if (written.Count == 0) throw new InvalidDataException($"no files found at modelUri '{text}'");
    }
}
