using System.Globalization;
using Azure;
using Azure.Core;
using MlOps.Azure;
using MlOps.Azure.AzureMl;
using MlOps.Azure.Identity;
using MlOps.Core.Config;

namespace MlOps.Registry.AzureMl;

/// <summary>
/// <see cref="IModelRegistry"/> on an Azure ML workspace or shared registry: versions are Azure ML model versions
/// (files uploaded to blob storage, sha256 kept as an immutable property), tags are version tags, aliases are tags of
/// the model container moved with If-Match so concurrent promotions cannot both win. Files are downloaded to a local
/// cache by Get/Resolve (what evaluate and deploy read); lists do not download.
/// </summary>
public sealed class AzureMlModelRegistry : IModelRegistry
{
    private const int RegisterAttempts = 5;
    private readonly ModelsClient _models;
    private readonly ModelFileStore _files;
    private readonly ArtifactCache _cache;

    public AzureMlModelRegistry(AzureMlScope scope, TokenCredential credential, string cachePath, AzureMlClientOptions? options = null)
    {
        var arm = new ArmPipeline(credential, options);
        _models = new ModelsClient(scope, arm);
        _files = new ModelFileStore(_models, arm);
        _cache = new ArtifactCache(Path.GetFullPath(cachePath));
    }

    /// <summary>From mlops.yml's registry.azureml, with the credential the environment provides (see AzureCredentialFactory).</summary>
    public static AzureMlModelRegistry FromConfig(AzureMlRegistrySection section, Func<string, string?>? getEnv = null)
    {
        var t = section.Target;
        var scope = t.Registry is not null
            ? AzureMlScope.ForRegistry(t.Subscription, t.ResourceGroup, t.Registry)
            : AzureMlScope.ForWorkspace(t.Subscription, t.ResourceGroup, t.Workspace!);
        return new AzureMlModelRegistry(scope, AzureCredentialFactory.Create(getEnv), section.CachePath,
            AzureMlClientOptions.FromEnvironment(getEnv, t.ArmEndpoint));
    }

    public AzureMlScope Scope => _models.Scope;

    public Task<ModelVersion> RegisterAsync(string name, string sourcePath, RegisterOptions? options = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var sources = ArtifactSource.List(sourcePath);
        return Guard($"registering {name}", async () =>
        {
            // Copy first: the hash describes exactly the bytes uploaded, and the copy becomes the local cache entry.
            var staging = _cache.NewStaging();
            var sha = await ArtifactCopier.CopyAsync(sources, staging, cancellationToken).ConfigureAwait(false);
            var files = sources.Select(s => (s.Key, Path.Combine(staging, s.RelativePath))).ToList();
            await EnsureContainerAsync(name, cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var version = await NextVersionAsync(name, cancellationToken).ConfigureAwait(false);
                var modelUri = await _files.UploadAsync(name, version, files, cancellationToken).ConfigureAwait(false);
                var properties = new Dictionary<string, string>(options?.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [VersionProperties.Sha256] = sha,
                    [VersionProperties.Files] = files.Count.ToString(CultureInfo.InvariantCulture),
                };
                var tags = (options?.Tags ?? new Dictionary<string, string>()).Where(t => t.Value.Length > 0)
                    .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
                try
                {
                    var created = await _models.CreateVersionAsync(new ModelVersionData(name, V(version), modelUri, options?.Description, tags, properties),
                        cancellationToken).ConfigureAwait(false);
                    _cache.Publish(name, version, staging);
                    return ToModel(created, version, [], sha);
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < RegisterAttempts)
                {
                    // Another pipeline took this version number between our list and our create: take the next one.
                }
            }
        });
    }

    public Task<ModelVersion> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        return Guard($"reading {name}:{version}", async () =>
        {
            var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
            return await LoadAsync(container, version, cancellationToken).ConfigureAwait(false);
        });
    }

    public async Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await TryGetByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(RegistryErrorKind.AliasNotFound, $"alias '{name}@{alias}' is not set in Azure ML {Where}");

    public Task<ModelVersion?> TryGetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        RegistryNames.CheckAlias(alias);
        return Guard($"resolving {name}@{alias}", async () =>
        {
            var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
            var version = AliasTags.Get(container.Tags, alias);
            return version == 0 ? null : await LoadAsync(container, version, cancellationToken).ConfigureAwait(false);
        });
    }

    public async Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (name, version, alias) = RegistryNames.ParseReference(reference);
        return version is { } v
            ? await GetAsync(name, v, cancellationToken).ConfigureAwait(false)
            : await GetByAliasAsync(name, alias!, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        return Guard($"listing versions of {name}", async () =>
        {
            var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
            var versions = await _models.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<ModelVersion>)versions
                .Select(v => (Data: v, Number: Number(v.Version)))
                .Where(v => v.Number > 0)
                .OrderBy(v => v.Number)
                .Select(v => ToModel(v.Data, v.Number, AliasTags.For(container.Tags, v.Number), v.Data.Properties.GetValueOrDefault(VersionProperties.Sha256, "")))
                .ToList();
        });
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Guard("listing models", async () =>
            (IReadOnlyList<string>)(await _models.ListContainersAsync(cancellationToken).ConfigureAwait(false))
            .Select(c => c.Name).Where(RegistryNames.IsName).Order(StringComparer.Ordinal).ToList());

    public Task<ModelVersion> SetAliasAsync(string name, int version, string alias, int? expectedCurrentVersion = null,
        CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        RegistryNames.CheckAlias(alias);
        return Guard($"promoting {name}:{version} to {alias}", async () =>
        {
            var data = await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
            if (data.IsArchived)
                throw new RegistryException(RegistryErrorKind.InvalidReference,
                    $"{name}:{version} is archived and cannot be promoted; register the model again if it should come back");
            var container = await MoveAliasAsync(name, alias, version, expectedCurrentVersion, cancellationToken).ConfigureAwait(false);
            return ToModel(data, version, AliasTags.For(container.Tags, version), data.Properties.GetValueOrDefault(VersionProperties.Sha256, ""));
        });
    }

    public Task RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        RegistryNames.CheckAlias(alias);
        return Guard($"removing alias {name}@{alias}", async () =>
            await MoveAliasAsync(name, alias, null, null, cancellationToken).ConfigureAwait(false));
    }

    public Task<ModelVersion> SetTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        foreach (var tag in tags.Keys) RegistryNames.CheckTagName(tag);
        return Guard($"tagging {name}:{version}", async () =>
        {
            var data = await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
            var merged = new Dictionary<string, string>(data.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
                if (value.Length == 0) merged.Remove(key); else merged[key] = value;
            var updated = await Conditional($"tags of {name}:{version}",
                () => _models.UpdateVersionAsync(data with { Tags = merged }, cancellationToken)).ConfigureAwait(false);
            var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
            return ToModel(updated, version, AliasTags.For(container.Tags, version), updated.Properties.GetValueOrDefault(VersionProperties.Sha256, ""));
        });
    }

    /// <summary>Archives a version in Azure ML (hidden from studio's default lists; still resolvable, never deleted).</summary>
    public Task<ModelVersion> ArchiveAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        return Guard($"archiving {name}:{version}", async () =>
        {
            await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
            var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
            var aliases = AliasTags.For(container.Tags, version);
            if (aliases.Count > 0)
                throw new RegistryException(RegistryErrorKind.Conflict,
                    $"{name}:{version} is what {string.Join(", ", aliases.Select(a => $"{name}@{a}"))} points at; promote another version or remove the alias before archiving it");
            var archived = await _models.ArchiveVersionAsync(name, V(version), cancellationToken).ConfigureAwait(false);
            return ToModel(archived, version, aliases, archived.Properties.GetValueOrDefault(VersionProperties.Sha256, ""));
        });
    }

    /// <summary>Compare-and-set of one alias tag on the container, conditional on the ETag read (412 → Conflict).</summary>
    private async Task<ModelContainerData> MoveAliasAsync(string name, string alias, int? version, int? expected, CancellationToken cancellationToken)
    {
        var container = await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
        var current = AliasTags.Get(container.Tags, alias);
        if (expected is { } e && e != current)
            throw new RegistryException(RegistryErrorKind.Conflict,
                $"alias '{name}@{alias}' points at {VersionText(current)}, not {VersionText(e)} as expected: it was changed meanwhile; check the new target and retry");
        if (version is null && current == 0)
            throw new RegistryException(RegistryErrorKind.AliasNotFound, $"alias '{name}@{alias}' is not set in Azure ML {Where}");
        var tags = new Dictionary<string, string>(container.Tags, StringComparer.Ordinal);
        if (version is { } v) tags[AliasTags.Key(alias)] = V(v); else tags.Remove(AliasTags.Key(alias));
        return await Conditional($"alias '{name}@{alias}'",
            () => _models.CreateOrUpdateContainerAsync(container with { Tags = tags }, container.ETag, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<T> Conditional<T>(string what, Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 409)
        {
            throw new RegistryException(RegistryErrorKind.Conflict,
                $"{what} was changed by someone else meanwhile (Azure ML answered {e.Status}); nothing was overwritten: check the new state and retry", e);
        }
    }

    private async Task EnsureContainerAsync(string name, CancellationToken cancellationToken)
    {
        if (await _models.GetContainerAsync(name, cancellationToken).ConfigureAwait(false) is not null) return;
        try
        {
            await _models.CreateOrUpdateContainerAsync(new ModelContainerData(name, "registered by mlops", new Dictionary<string, string>(), null),
                onlyIfNew: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // created by a concurrent registration: fine
        }
    }

    private async Task<int> NextVersionAsync(string name, CancellationToken cancellationToken) =>
        (await _models.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false)).Select(v => Number(v.Version)).DefaultIfEmpty(0).Max() + 1;

    private async Task<ModelContainerData> RequireContainerAsync(string name, CancellationToken cancellationToken) =>
        await _models.GetContainerAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(RegistryErrorKind.ModelNotFound, $"model '{name}' not found in Azure ML {Where}");

    private async Task<ModelVersionData> RequireVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await RequireContainerAsync(name, cancellationToken).ConfigureAwait(false);
        return await _models.GetVersionAsync(name, V(version), cancellationToken).ConfigureAwait(false)
               ?? throw new RegistryException(RegistryErrorKind.VersionNotFound, $"model version '{name}:{version}' not found in Azure ML {Where}");
    }

    /// <summary>Reads a version and makes sure its files are in the local cache, checking them against the recorded hash.</summary>
    private async Task<ModelVersion> LoadAsync(ModelContainerData container, int version, CancellationToken cancellationToken)
    {
        var data = await RequireVersionAsync(container.Name, version, cancellationToken).ConfigureAwait(false);
        var expected = data.Properties.GetValueOrDefault(VersionProperties.Sha256, "");
        if (!_cache.IsComplete(container.Name, version))
        {
            var download = _cache.NewStaging() + "-download";
            await _files.DownloadAsync(data.ModelUri, download, cancellationToken).ConfigureAwait(false);
            var staging = _cache.NewStaging();
            var sha = await ArtifactCopier.CopyAsync(ArtifactSource.List(download), staging, cancellationToken).ConfigureAwait(false);
            Directory.Delete(download, recursive: true);
            if (expected.Length > 0 && sha != expected)
            {
                Directory.Delete(staging, recursive: true);
                throw new RegistryException(RegistryErrorKind.InvalidSource,
                    $"the files of '{container.Name}:{version}' in Azure ML do not match the hash recorded at registration ({sha} vs {expected}): they were changed in storage");
            }
            _cache.Publish(container.Name, version, staging);
        }
        return ToModel(data, version, AliasTags.For(container.Tags, version), expected);
    }

    private ModelVersion ToModel(ModelVersionData data, int version, IReadOnlyList<string> aliases, string sha) =>
        new(data.Name, version, _cache.FilesOf(data.Name, version), data.CreatedAt ?? DateTimeOffset.UtcNow, sha,
            data.Tags, data.Properties, aliases, data.Description, data.IsArchived);

    private string Where => Scope.IsRegistry ? $"registry '{Scope.Registry}'" : $"workspace '{Scope.Workspace}'";

    private static string V(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static int Number(string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;

    private static string VersionText(int version) => version == 0 ? "nothing" : $"version {version}";

    private static Task<T> Guard<T>(string doing, Func<Task<T>> call) => AzureErrorMapper.GuardAsync(doing, call);
}
