namespace MlOps.Steps.Package;

/// <param name="Reused">Taken from the layer cache: unchanged since an earlier build.</param>
public sealed record PackageLayer(string Name, string Digest, string DiffId, long Size, long UncompressedSize, bool Reused);

/// <summary>package.json in the output folder: what was built, its digests and sizes, and the boot check when asked for.</summary>
/// <param name="Push">Where --push put the image and what it uploaded; null without --push.</param>
/// <param name="CompressedSize">Config + manifest + compressed layers: what a registry stores and a node pulls.</param>
public sealed record PackageResult(
    string Image,
    string Model,
    string ModelVersion,
    string ManifestDigest,
    string ConfigDigest,
    IReadOnlyList<PackageLayer> Layers,
    long CompressedSize,
    string? OciLayout,
    string? DockerArchive,
    IReadOnlyDictionary<string, string> Labels,
    double BuildSeconds,
    ImageValidation? Validation = null,
    MlOps.Containers.Distribution.PushResult? Push = null);
