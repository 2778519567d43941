using MlOps.Containers.Images;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Distribution;

/// <summary>A blob to push: its descriptor, a name for progress lines, and where its bytes are read from.</summary>
public sealed record BlobSource(string Name, OciDescriptor Descriptor, Func<Stream> Open)
{
    public string Digest => Descriptor.Digest;
    public long Size => Descriptor.Size;

    /// <summary>The layers (from the cache) then the config: every blob the manifest names, in push order.</summary>
    public static IReadOnlyList<BlobSource> Of(BuiltImage image) =>
    [
        .. image.Layers.Select(l => new BlobSource($"{l.Name} layer", l.Descriptor, () => File.OpenRead(l.BlobPath))),
        new BlobSource("config", new OciDescriptor(OciMediaTypes.Config, image.ConfigDigest, image.Config.Length),
            () => new MemoryStream(image.Config, writable: false)),
    ];
}
