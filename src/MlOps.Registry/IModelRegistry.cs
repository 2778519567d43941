namespace MlOps.Registry;

/// <summary>
/// Where model versions live. Async per the Azure SDK guidelines because the Azure ML registry comes next; every
/// failure a user can act on is a <see cref="RegistryException"/>.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Copies a model file, or every file of a folder, into the next version (1, 2, ...) of <paramref name="name"/>.</summary>
    Task<ModelVersion> RegisterAsync(string name, string sourcePath, RegisterOptions? options = null, CancellationToken cancellationToken = default);

    Task<ModelVersion> GetAsync(string name, int version, CancellationToken cancellationToken = default);

    Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Resolves "NAME:VERSION" or "NAME@ALIAS".</summary>
    Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Null when the model exists but the alias is not set (a first deployment has no production yet).</summary>
    Task<ModelVersion?> TryGetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>All versions, oldest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Names of models with at least one version, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Points <paramref name="alias"/> at a version. With <paramref name="expectedCurrentVersion"/> (0 = not set yet) it
    /// is a compare-and-set: two pipelines promoting at once cannot both silently win; the loser gets Conflict.
    /// </summary>
    Task<ModelVersion> SetAliasAsync(string name, int version, string alias, int? expectedCurrentVersion = null, CancellationToken cancellationToken = default);

    Task RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retires a version: it stays resolvable (never deleted: a deployment may still run it) but can no longer be
    /// promoted. Archiving the version an alias points at is refused; move or remove the alias first.
    /// </summary>
    Task<ModelVersion> ArchiveAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Merges tags into the version's tags; an empty value removes the tag.</summary>
    Task<ModelVersion> SetTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);
}
