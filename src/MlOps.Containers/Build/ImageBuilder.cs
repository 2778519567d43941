using MlOps.Containers.Images;
using MlOps.Containers.Layers;

namespace MlOps.Containers.Build;

/// <summary>Turns layer contents and a spec into an image, taking unchanged layers from the cache and writing the others in parallel.</summary>
public sealed class ImageBuilder(LayerCache cache, Action<string>? progress = null)
{
    public async Task<BuiltImage> BuildAsync(string name, string tag, IReadOnlyList<LayerContent> layers, ImageSpec spec, CancellationToken ct = default)
    {
        var blobs = await Task.WhenAll(layers.Select(layer => Task.Run(() =>
        {
            ct.ThrowIfCancellationRequested();
            var started = DateTime.UtcNow;
            var blob = cache.GetOrWrite(layer);
            progress?.Invoke(blob.Reused
                ? $"{layer.Name} layer unchanged: {blob.Digest[..19]} ({Megabytes(blob.Size)}, checked in {(DateTime.UtcNow - started).TotalSeconds:0.0} s)"
                : $"{layer.Name} layer written: {blob.Digest[..19]} ({Megabytes(blob.Size)}, {layer.Entries.Count} entries, {(DateTime.UtcNow - started).TotalSeconds:0.0} s)");
            return blob;
        }, ct)));
        return BuiltImage.Assemble(name, tag, spec, blobs);
    }

    private static string Megabytes(long bytes) => $"{bytes / 1e6:0.0} MB";
}
