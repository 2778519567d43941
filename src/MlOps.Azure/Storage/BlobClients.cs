using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace MlOps.Azure.Storage;

/// <summary>
/// Creates Azure.Storage.Blobs clients that share the ARM pipeline's transport and retry settings, so tests (and a
/// proxy) configure storage and ARM in one place.
/// </summary>
internal static class BlobClients
{
    public static BlobClientOptions Options(AzureMlClientOptions source)
    {
        var options = new BlobClientOptions { Transport = source.Transport };
        options.Retry.Mode = source.Retry.Mode;
        options.Retry.MaxRetries = source.Retry.MaxRetries;
        options.Retry.Delay = source.Retry.Delay;
        options.Retry.MaxDelay = source.Retry.MaxDelay;
        options.Retry.NetworkTimeout = source.Retry.NetworkTimeout;
        options.Diagnostics.ApplicationId = source.Diagnostics.ApplicationId;
        return options;
    }

    /// <summary>A folder from a SAS URI such as Azure ML's pending-upload credential (container-level SAS + path).</summary>
    public static BlobFolder FromSasUri(Uri sasUri, AzureMlClientOptions options)
    {
        var parts = new BlobUriBuilder(sasUri);
        var prefix = parts.BlobName.Trim('/');
        parts.BlobName = "";
        return new BlobFolder(new BlobContainerClient(parts.ToUri(), Options(options)), prefix);
    }

    /// <summary>The container URL for a storage account, path-style when a storage endpoint override (emulator, fake) is set.</summary>
    public static Uri ContainerUri(string account, string container, string endpointSuffix, string protocol, AzureMlClientOptions options) =>
        options.StorageEndpoint is { } overridden
            ? new Uri($"{overridden.AbsoluteUri.TrimEnd('/')}/{account}/{container}")
            : new Uri($"{protocol}://{account}.blob.{endpointSuffix}/{container}");

    public static BlobContainerClient Container(Uri containerUri, StorageSharedKeyCredential key, AzureMlClientOptions options) =>
        new(containerUri, key, Options(options));

    public static BlobContainerClient Container(Uri containerUri, AzureSasCredential sas, AzureMlClientOptions options) =>
        new(containerUri, sas, Options(options));

    public static BlobContainerClient Container(Uri containerUri, TokenCredential token, AzureMlClientOptions options) =>
        new(containerUri, token, Options(options));
}
