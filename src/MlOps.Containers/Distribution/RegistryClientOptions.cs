using MlOps.CiHosts.Http;

namespace MlOps.Containers.Distribution;

/// <summary>
/// Retries (the shared <see cref="TransientRetryHandler"/> policy: 5xx, 429, reset connections, with backoff) and how
/// blobs are sent. A registry push is many small requests, each of which may meet a busy registry, so it retries
/// more often than a CI service client.
/// </summary>
public sealed class RegistryClientOptions : CiServiceClientOptions
{
    public RegistryClientOptions()
    {
        MaxRetries = 6;
        Delay = TimeSpan.FromMilliseconds(500);
        Timeout = TimeSpan.FromMinutes(5); // one chunk of a large layer over a slow link
    }

    /// <summary>Blobs up to this size go in one PUT after the POST; larger ones in PATCH chunks of <see cref="ChunkSize"/>.</summary>
    public long MonolithicLimit { get; init; } = 16L << 20;

    public int ChunkSize { get; init; } = 8 << 20;

    /// <summary>A repository on the same registry to mount existing blobs from (cross-repository mount), or null.</summary>
    public string? MountFrom { get; init; }

    /// <summary>How often one blob's upload starts over when the registry lost its upload session (see <see cref="RegistryClient"/>).</summary>
    public int UploadAttempts { get; init; } = 8;
}
