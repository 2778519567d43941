namespace MlOps.Core.Config;

/// <summary>
/// <c>package</c>: how `mlops package` names the image and where it pushes it. With <see cref="Registry"/> set, every
/// `mlops package` pushes to REGISTRY/REPOSITORY:TAG (unless --no-push; --push overrides the place).
/// </summary>
/// <param name="Registry">host[:port] of an OCI registry, e.g. myregistry.azurecr.io; null: build only.</param>
/// <param name="Repository">Image repository; null: the model name.</param>
/// <param name="TagTemplate">The tag, with {model} and {version} replaced; "{version}" by default.</param>
/// <param name="App">Self-contained publish of the CLI for the app layer (absolute); null: --app or this mlops.</param>
/// <param name="Cache">Layer cache folder (absolute); null: .mlops/cache/layers.</param>
public sealed record PackageSection(string? Registry, string? Repository, string TagTemplate, string? App, string? Cache)
{
    public const string DefaultTag = "{version}";

    public static PackageSection Default { get; } = new(null, null, DefaultTag, null, null);

    public string Tag(string model, string version) => TagTemplate.Replace("{model}", model).Replace("{version}", version);
}
