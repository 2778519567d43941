namespace MlOps.Steps.Package;

/// <param name="ModelReference">NAME:VERSION, NAME@ALIAS or a model folder.</param>
/// <param name="Tag">NAME:TAG; default: the model name and version (adult-income:3).</param>
/// <param name="AppDirectory">A self-contained linux-x64 publish of the CLI; default: this mlops when it is one.</param>
/// <param name="CacheDirectory">Layers by content; default .mlops/cache/layers.</param>
/// <param name="SourceDate">The image's "created" time (SOURCE_DATE_EPOCH); default: the commit time of HEAD, else the epoch.</param>
/// <param name="Validate">Boot the image with podman and check it (see <see cref="ImageValidator"/>).</param>
/// <param name="ValidationData">CSV whose first rows --validate scores; default: data.test of mlops.yml.</param>
/// <param name="ReadyTimeout">How long --validate waits for /health/ready; default 60 s.</param>
/// <param name="Push">REGISTRY/REPOSITORY[:TAG] to push the image to after the build (and after --validate passed); default: package.registry of mlops.yml.</param>
/// <param name="NoPush">Build only, even when mlops.yml names package.registry.</param>
public sealed record PackageOptions(
    string ModelReference,
    string OutputDirectory = "out/package",
    PackageFormat Format = PackageFormat.Both,
    string? Tag = null,
    string? AppDirectory = null,
    string? ConfigPath = null,
    string? RegistryPath = null,
    string? CacheDirectory = null,
    DateTimeOffset? SourceDate = null,
    bool Validate = false,
    string? ValidationData = null,
    TimeSpan? ReadyTimeout = null,
    string? Push = null,
    bool NoPush = false);
