using MlOps.Containers.Layers;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Images;

/// <summary>An assembled image: layer blobs on disk, config and manifest bytes; what the layout and archive writers lay out.</summary>
/// <param name="Name">Repository name, e.g. "adult-income".</param>
/// <param name="Tag">Tag, e.g. "3".</param>
public sealed record BuiltImage(string Name, string Tag, IReadOnlyList<LayerBlob> Layers, byte[] Config, byte[] Manifest)
{
    public string ConfigDigest => Sha256Digest.Of(Config);
    public string ManifestDigest => Sha256Digest.Of(Manifest);
    public OciDescriptor ManifestDescriptor => new(OciMediaTypes.Manifest, ManifestDigest, Manifest.Length);

    /// <summary>What a registry stores and transfers: config + manifest + compressed layers.</summary>
    public long CompressedSize => Config.Length + Manifest.Length + Layers.Sum(l => l.Size);

    public static BuiltImage Assemble(string name, string tag, ImageSpec spec, IReadOnlyList<LayerBlob> layers)
    {
        var config = ImageConfigJson.Write(spec, layers);
        var configDescriptor = new OciDescriptor(OciMediaTypes.Config, Sha256Digest.Of(config), config.Length);
        // The labels also go on the manifest, where registries show them without fetching the config.
        var manifest = ImageManifestJson.Manifest(configDescriptor, layers.Select(l => l.Descriptor), spec.Labels);
        return new BuiltImage(name, tag, layers, config, manifest);
    }
}
