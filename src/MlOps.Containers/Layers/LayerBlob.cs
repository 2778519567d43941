using MlOps.Containers.Oci;

namespace MlOps.Containers.Layers;

/// <summary>A written layer: the gzip blob on disk and its two identities.</summary>
/// <param name="Digest">SHA-256 of the compressed bytes: the blob's name in layouts, manifests and registries.</param>
/// <param name="DiffId">SHA-256 of the uncompressed tar: what the image config's rootfs lists.</param>
/// <param name="Size">Compressed size in bytes.</param>
/// <param name="UncompressedSize">Size of the tar, for reports.</param>
public sealed record LayerBlob(string Name, string BlobPath, string Digest, string DiffId, long Size, long UncompressedSize)
{
    /// <summary>Taken from the layer cache rather than written by this build.</summary>
    public bool Reused { get; init; }

    public OciDescriptor Descriptor => new(OciMediaTypes.LayerGzip, Digest, Size);
}
