using System.Globalization;
using MlOps.Registry.Audit;

namespace MlOps.Registry;

/// <summary>
/// The embedded registry: a folder, no server. Layout under <see cref="RootPath"/>:
/// <code>
/// .lock                          held (FileShare.None = flock) by every mutation, across processes
/// events.jsonl                   append-only, hash-chained audit trail (see <see cref="AuditChain"/>): registered,
///                                promoted, demoted, rolled-back, tags-set, and the gate and deploy events steps add
/// NAME/versions/N/artifacts/...  the model files, never changed after publication
/// NAME/versions/N/version.json   immutable metadata: hash, properties, description, tags given at registration
/// NAME/meta.json                 mutable metadata: aliases and per-version tag changes, replaced atomically
/// NAME/.staging-GUID/ (+ .lock)  a version being copied; published as versions/N by one atomic rename
/// </code>
/// A crash leaves at most a staging folder, which readers never look at and the next writer removes. Reads take no
/// lock: everything they read is either immutable or replaced by an atomic rename.
/// </summary>
public sealed class LocalModelRegistry : IModelRegistry
{
    private readonly TimeSpan _lockTimeout;
    private readonly AuditContext _audit;

    /// <param name="rootPath">The registry folder; created on the first write.</param>
    /// <param name="lockTimeout">How long a mutation waits for another writer before failing with Conflict (default 30 s).</param>
    /// <param name="audit">Who makes this process's changes and why: stamped on every event it records.</param>
    public LocalModelRegistry(string rootPath, TimeSpan? lockTimeout = null, AuditContext? audit = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
        _audit = audit ?? new AuditContext();
    }

    public string RootPath { get; }

    /// <summary>The same registry, recording its changes with another who/why (e.g. the gate report a promotion rests on).</summary>
    public LocalModelRegistry WithAudit(AuditContext audit) => new(RootPath, _lockTimeout, audit);

    /// <summary>The registry's audit trail, for events that are not registry changes (gate decisions, deployments).</summary>
    public AuditTrail Audit => new(RootPath, _audit, _lockTimeout);

    private string EventsPath => Path.Combine(RootPath, RegistryNames.EventsFileName);

    public async Task<ModelVersion> RegisterAsync(string name, string sourcePath, RegisterOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        options ??= new RegisterOptions();
        foreach (var tag in options.Tags?.Keys ?? []) RegistryNames.CheckTagName(tag);
        var files = ArtifactSource.List(sourcePath);
        RefuseSourceHoldingRegistry(sourcePath);

        // The copy (minutes for a large model) runs outside the registry lock so it does not hold up promotions;
        // only the number allocation and the publishing rename are serialized.
        var modelDirectory = ModelDirectory(name);
        using var staging = await CreateStagingAsync(modelDirectory, cancellationToken).ConfigureAwait(false);
        var contentSha256 = await ArtifactCopier.CopyAsync(files, staging.ArtifactsPath, cancellationToken).ConfigureAwait(false);

        int number;
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            StagingArea.RemoveAbandoned(modelDirectory);
            RecordUnrecordedRegistration(name);
            number = NextVersionNumber(name);
            var tags = (options.Tags ?? new Dictionary<string, string>()).Where(t => !string.IsNullOrEmpty(t.Value))
                .ToDictionary(t => t.Key, t => t.Value);
            var record = new VersionRecord(name, number, DateTimeOffset.UtcNow, contentSha256, tags,
                options.Properties?.ToDictionary(p => p.Key, p => p.Value) ?? [], options.Description, RegisteredBy(_audit));
            staging.EnsureComplete();
            JsonFile.WriteAtomically(Path.Combine(staging.Path, "version.json"), record);
            staging.PublishAs(VersionDirectory(name, number));
            // After the publishing rename: a crash in between leaves a version without its event, which the next
            // registration of this model records (RecordUnrecordedRegistration); the reverse order would leave an
            // event for a version that never existed, and its number handed out again.
            Record(RegisteredEvent(record));
        }
        return await GetAsync(name, number, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var numbers = PublishedVersions(name);
        if (!numbers.Contains(version))
            throw new RegistryException(RegistryErrorKind.VersionNotFound, $"model '{name}' has no version {version} (latest is {numbers.Max()})");
        return await LoadAsync(name, version, await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        RegistryNames.CheckAlias(alias);
        PublishedVersions(name);
        var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
        if (!meta.Aliases.TryGetValue(alias, out var version))
            throw new RegistryException(RegistryErrorKind.AliasNotFound,
                $"model '{name}' has no alias '{alias}' (aliases: {Describe(meta.Aliases.Keys)})");
        return await LoadAsync(name, version, meta, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion?> TryGetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.AliasNotFound)
        {
            return null;
        }
    }

    public async Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (name, version, alias) = RegistryNames.ParseReference(reference);
        return version is { } number
            ? await GetAsync(name, number, cancellationToken).ConfigureAwait(false)
            : await GetByAliasAsync(name, alias!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var numbers = PublishedVersions(name);
        var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
        var versions = new List<ModelVersion>(numbers.Count);
        foreach (var number in numbers.Order())
            versions.Add(await LoadAsync(name, number, meta, cancellationToken).ConfigureAwait(false));
        return versions;
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Models());

    public async Task<ModelVersion> SetAliasAsync(string name, int version, string alias, int? expectedCurrentVersion = null,
        CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckAlias(alias);
        await GetAsync(name, version, cancellationToken).ConfigureAwait(false); // versions are never deleted: safe to check before locking
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
            if (meta.Archived?.Contains(version) == true)
                throw new RegistryException(RegistryErrorKind.InvalidReference,
                    $"{name}:{version} is archived and cannot be promoted; register the model again if it should come back");
            var current = meta.Aliases.GetValueOrDefault(alias);
            if (expectedCurrentVersion is { } expected && expected != current)
                throw new RegistryException(RegistryErrorKind.Conflict,
                    $"alias '{name}@{alias}' points at {VersionText(current)}, not {VersionText(expected)} as expected: "
                    + "it was changed meanwhile; check the new target and retry");
            WriteMeta(name, meta with { Aliases = new Dictionary<string, int>(meta.Aliases) { [alias] = version } });
            var kind = current != 0 && version < current ? AuditEventKinds.RolledBack : AuditEventKinds.Promoted;
            Record(new AuditEvent(kind, name, version) { Alias = alias, Previous = current == 0 ? null : current });
        }
        return await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        await GetByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false); // a typo in the alias fails loudly
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
            var aliases = new Dictionary<string, int>(meta.Aliases);
            if (!aliases.Remove(alias, out var version)) return; // removed by someone else meanwhile: the outcome is the same
            WriteMeta(name, meta with { Aliases = aliases });
            Record(new AuditEvent(AuditEventKinds.Demoted, name, version) { Alias = alias });
        }
    }

    public async Task<ModelVersion> ArchiveAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
            var aliases = meta.Aliases.Where(a => a.Value == version).Select(a => $"{name}@{a.Key}").ToList();
            if (aliases.Count > 0)
                throw new RegistryException(RegistryErrorKind.Conflict,
                    $"{name}:{version} is what {string.Join(", ", aliases)} points at; promote another version or remove the alias before archiving it");
            if (meta.Archived?.Contains(version) != true)
            {
                WriteMeta(name, meta with { Archived = [.. meta.Archived ?? [], version] });
                Record(new AuditEvent(AuditEventKinds.Archived, name, version));
            }
        }
        return await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> SetTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags.Keys) RegistryNames.CheckTagName(tag);
        await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var meta = await ReadMetaAsync(name, cancellationToken).ConfigureAwait(false);
            var all = meta.Tags.ToDictionary(v => v.Key, v => new Dictionary<string, string>(v.Value));
            var key = version.ToString(CultureInfo.InvariantCulture);
            if (!all.TryGetValue(key, out var changes)) all[key] = changes = [];
            foreach (var (tag, value) in tags) changes[tag] = value ?? "";
            WriteMeta(name, meta with { Tags = all });
            Record(new AuditEvent(AuditEventKinds.TagsSet, name, version) { Tags = new Dictionary<string, string>(tags) });
        }
        return await GetAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the audit trail and checks it: the hash chain, and against the versions on disk (each needs one
    /// "registered" event with its content hash; no event may name a version that does not exist). Takes no lock.
    /// </summary>
    public async Task<AuditVerification> ReadAuditAsync(CancellationToken cancellationToken = default)
    {
        // Versions are listed before the log is read and again after: a version published meanwhile is then neither
        // "missing its event" (first list) nor "named by an event but absent" (second list).
        var before = new Dictionary<(string, int), string>();
        foreach (var name in Models())
            foreach (var number in PublishedNumbers(name))
            {
                var record = await JsonFile.ReadAsync<VersionRecord>(Path.Combine(VersionDirectory(name, number), "version.json"), cancellationToken)
                    .ConfigureAwait(false);
                before[(name, number)] = record.ContentSha256;
            }
        var chain = AuditVerifier.Verify(AuditLog.ReadAll(EventsPath));
        var after = Models().SelectMany(name => PublishedNumbers(name).Select(number => (name, number))).ToHashSet();
        return AuditCrossCheck.Apply(chain, before, after);
    }

    /// <summary>
    /// Creating a staging folder is two steps (lock file, then its flock and folder), and a writer cleaning up abandoned
    /// folders must never see the half-made state: it would take the new lock file for an orphan and hold or delete it
    /// (found by RegistryCrashTests). Cleanup runs under the registry lock, so creation does too; it takes microseconds.
    /// </summary>
    private async Task<StagingArea> CreateStagingAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken).ConfigureAwait(false))
            return StagingArea.Create(modelDirectory);
    }

    /// <summary>Appends to events.jsonl with this registry's who/why. Call under the registry lock.</summary>
    private void Record(AuditEvent e) => AuditLog.Append(EventsPath, _audit.Stamp(e));

    private static AuditContext? RegisteredBy(AuditContext audit) =>
        audit.Who is null && audit.Ci is null && audit.RunUrl is null ? null : new AuditContext(audit.Who, audit.Ci, audit.RunUrl);

    private static AuditEvent RegisteredEvent(VersionRecord record) =>
        new(AuditEventKinds.Registered, record.Name, record.Version)
        {
            Details = new Dictionary<string, string> { ["contentSha256"] = record.ContentSha256 },
        };

    /// <summary>
    /// A writer that died between publishing a version and recording it leaves that version, always the model's
    /// newest (every registration runs this first), without its "registered" event: record it now, from its
    /// version.json, marked recovered. Call under the registry lock.
    /// </summary>
    private void RecordUnrecordedRegistration(string name)
    {
        var numbers = PublishedNumbers(name);
        if (numbers.Count == 0) return;
        var newest = numbers.Max();
        if (AuditLog.Contains(EventsPath, AuditLog.RegisteredFragment(name, newest))) return;
        var record = JsonFile.Read<VersionRecord>(Path.Combine(VersionDirectory(name, newest), "version.json"));
        var by = record.RegisteredBy;
        AuditLog.Append(EventsPath, RegisteredEvent(record) with
        {
            Time = record.CreatedAt.UtcDateTime,
            Who = by?.Who,
            Ci = by?.Ci,
            RunUrl = by?.RunUrl,
            User = null,
            Host = null,
            Recovered = true,
        });
    }

    private string ModelDirectory(string name) => Path.Combine(RootPath, name);

    private string VersionDirectory(string name, int version) =>
        Path.Combine(RootPath, name, "versions", version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Names with at least one published version; a folder left by a crashed first registration is not a model.</summary>
    private List<string> Models() =>
        Directory.Exists(RootPath)
            ? Directory.EnumerateDirectories(RootPath).Select(Path.GetFileName).OfType<string>()
                .Where(name => RegistryNames.IsName(name) && PublishedNumbers(name).Count > 0)
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Published version numbers; throws ModelNotFound (listing what exists) when there are none.</summary>
    private List<int> PublishedVersions(string name)
    {
        var numbers = PublishedNumbers(name);
        if (numbers.Count == 0)
            throw new RegistryException(RegistryErrorKind.ModelNotFound,
                $"no model named '{name}' in registry {RootPath} (models: {Describe(Models())})");
        return numbers;
    }

    // version.json is written inside the staging folder before the publishing rename, so every published version
    // has one; the check only keeps a hand-made empty folder from being read as a version.
    private List<int> PublishedNumbers(string name) =>
        VersionFolderNumbers(name).Where(n => File.Exists(Path.Combine(VersionDirectory(name, n), "version.json"))).ToList();

    // Every numbered folder counts, complete or not: a number once used is never handed out again.
    private int NextVersionNumber(string name) => VersionFolderNumbers(name).DefaultIfEmpty(0).Max() + 1;

    private List<int> VersionFolderNumbers(string name)
    {
        var directory = Path.Combine(RootPath, name, "versions");
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateDirectories(directory)
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0).ToList();
    }

    private async Task<ModelVersion> LoadAsync(string name, int version, ModelMeta meta, CancellationToken cancellationToken)
    {
        var directory = VersionDirectory(name, version);
        var record = await JsonFile.ReadAsync<VersionRecord>(Path.Combine(directory, "version.json"), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(record.Tags);
        if (meta.Tags.TryGetValue(version.ToString(CultureInfo.InvariantCulture), out var changes))
            foreach (var (tag, value) in changes)
                if (value.Length == 0) tags.Remove(tag);
                else tags[tag] = value;
        var aliases = meta.Aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        return new ModelVersion(name, version, Path.Combine(directory, "artifacts"), record.CreatedAt, record.ContentSha256, tags,
            record.Properties, aliases, record.Description, meta.Archived?.Contains(version) ?? false);
    }

    private async Task<ModelMeta> ReadMetaAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ModelDirectory(name), "meta.json");
        return File.Exists(path) ? await JsonFile.ReadAsync<ModelMeta>(path, cancellationToken).ConfigureAwait(false) : ModelMeta.Empty;
    }

    private void WriteMeta(string name, ModelMeta meta) => JsonFile.WriteAtomically(Path.Combine(ModelDirectory(name), "meta.json"), meta);

    /// <summary>Registering a folder that contains the registry would copy the registry into itself.</summary>
    private void RefuseSourceHoldingRegistry(string sourcePath)
    {
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourcePath)) + Path.DirectorySeparatorChar;
        if ((RootPath + Path.DirectorySeparatorChar).StartsWith(source, StringComparison.Ordinal))
            throw new RegistryException(RegistryErrorKind.InvalidSource,
                $"model source '{sourcePath}' contains the registry {RootPath}: register the model's own folder or file");
    }

    private static string VersionText(int version) => version == 0 ? "no version" : $"version {version}";

    private static string Describe(IEnumerable<string> items)
    {
        var list = items.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
