using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using MlOps.Azure.AzureMl;

namespace MlOps.Azure.Storage;

/// <summary>
/// Opens blob folders in a workspace's datastores with the credential the datastore has: its account key or SAS
/// (from listSecrets), else the caller's own Entra token (identity-based datastores).
/// </summary>
public sealed class DatastoreBlobs(DatastoresClient datastores)
{
    private readonly Dictionary<string, BlobContainerClient> _containers = new(StringComparer.Ordinal);

    public async Task<BlobFolder> OpenAsync(string datastore, string path, CancellationToken cancellationToken)
    {
        if (!_containers.TryGetValue(datastore, out var container))
        {
            var store = await datastores.GetAsync(datastore, cancellationToken).ConfigureAwait(false);
            container = _containers[datastore] = await ContainerAsync(store, cancellationToken).ConfigureAwait(false);
        }
        return new BlobFolder(container, path.Trim('/'));
    }

    public async Task<BlobFolder> OpenDefaultAsync(string path, CancellationToken cancellationToken)
    {
        var store = await datastores.GetDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (!_containers.ContainsKey(store.Name))
            _containers[store.Name] = await ContainerAsync(store, cancellationToken).ConfigureAwait(false);
        return new BlobFolder(_containers[store.Name], path.Trim('/'));
    }

    /// <summary>A folder named by an azureml://datastores/... URI.</summary>
    public Task<BlobFolder> OpenAsync(string azureMlUri, CancellationToken cancellationToken) =>
        AzureMlUri.TryParse(azureMlUri, out var datastore, out var path)
            ? OpenAsync(datastore, path, cancellationToken)
            : throw new ArgumentException($"'{azureMlUri}' is not an azureml://datastores/NAME/paths/PATH URI", nameof(azureMlUri));

    private async Task<BlobContainerClient> ContainerAsync(DatastoreData store, CancellationToken cancellationToken)
    {
        var options = datastores.Arm.Options;
        var uri = BlobClients.ContainerUri(store.AccountName, store.ContainerName, store.EndpointSuffix, store.Protocol, options);
        DatastoreSecrets? secrets;
        try
        {
            secrets = await datastores.ListSecretsAsync(store.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 400 or 403 or 404)
        {
            secrets = null; // identity-based datastores have no secrets to list
        }
        return secrets switch
        {
            { AccountKey: { Length: > 0 } key } => BlobClients.Container(uri, new StorageSharedKeyCredential(store.AccountName, key), options),
            { SasToken: { Length: > 0 } sas } => BlobClients.Container(uri, new AzureSasCredential(sas), options),
            _ => BlobClients.Container(uri, datastores.Arm.Credential, options),
        };
    }
}
