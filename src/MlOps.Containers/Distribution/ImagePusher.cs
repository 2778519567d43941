using System.Diagnostics;
using MlOps.Containers.Images;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Distribution;

/// <summary>
/// Pushes a built image: each blob (layers, then config) unless the registry has it, then the manifest under the tag,
/// last, so the tag never names an image whose blobs are not all there. One progress line per blob.
/// </summary>
public sealed class ImagePusher(RegistryClient client, Action<string>? progress = null)
{
    public async Task<PushResult> PushAsync(BuiltImage image, string repository, string tag, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var reference = $"{client.Host}/{repository}:{tag}";
        var before = client.BytesSent;
        var pushed = new List<BlobPush>();
        foreach (var blob in BlobSource.Of(image))
        {
            var result = await client.PushBlobAsync(repository, blob, ct);
            pushed.Add(result);
            progress?.Invoke(Describe(result));
        }
        await client.PutManifestAsync(repository, tag, image.Manifest, OciMediaTypes.Manifest, image.ManifestDigest, ct);
        var sent = client.BytesSent - before;
        var total = image.CompressedSize;
        progress?.Invoke($"push: {reference} {image.ManifestDigest}: uploaded {Megabytes(sent)} of {Megabytes(total)} "
            + $"({pushed.Count(p => p.Kind != BlobPushKind.Uploaded)} of {pushed.Count} blobs already there) in {clock.Elapsed.TotalSeconds:0.0} s");
        return new PushResult(reference, image.ManifestDigest, pushed, sent, total, Math.Round(clock.Elapsed.TotalSeconds, 2));
    }

    private static string Describe(BlobPush blob) => blob.Kind switch
    {
        BlobPushKind.Skipped => $"push: {blob.Name} {blob.Digest[..19]} already there, skipped ({Megabytes(blob.Size)})",
        BlobPushKind.Mounted => $"push: {blob.Name} {blob.Digest[..19]} mounted from another repository ({Megabytes(blob.Size)})",
        _ => $"push: {blob.Name} {blob.Digest[..19]} uploaded {Megabytes(blob.Size)} in {blob.Requests} requests"
             + (blob.Restarts > 0 ? $" ({blob.Restarts} restarts after the registry lost the upload)" : ""),
    };

    private static string Megabytes(long bytes) => bytes < 100_000 ? $"{bytes / 1e3:0.0} kB" : $"{bytes / 1e6:0.00} MB";
}
