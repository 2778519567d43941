using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlOps.Registry;

/// <summary>
/// The embedded registry: a folder, no server. Layout under the root:
/// <code>
/// .lock                               exclusive while anything is written (flock via FileShare.None)
/// events.jsonl                        append-only history: registered, alias-set, alias-removed, tags-set
/// NAME/versions/N/artifacts/...       the model files, never changed after publication
/// NAME/versions/N/version.json        immutable metadata (hash, properties, initial tags)
/// NAME/meta.json                      mutable metadata: aliases and tag changes, replaced atomically
/// NAME/.staging-GUID/                 a version being written; published by one atomic rename
/// </code>
/// A crash leaves at most a staging folder, which readers never look at and the next writer removes.
/// </summary>
public sealed class LocalModelRegistry(string rootPath, TimeSpan? lockTimeout = null) : IModelRegistry
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly TimeSpan _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);

    public string RootPath { get; } = Path.GetFullPath(rootPath);

    public async Task<ModelVersion> RegisterAsync(string name, string sourcePath, RegisterOptions? options = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var files = SourceFiles(sourcePath);
        options ??= new RegisterOptions();
        int number;
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken))
        {
            var modelDir = Path.Combine(RootPath, name);
            var versionsDir = Path.Combine(modelDir, "versions");
            Directory.CreateDirectory(versionsDir);
            RemoveStaleStaging(modelDir);
            number = VersionNumbers(name).DefaultIfEmpty(0).Max() + 1;

            var staging = Path.Combine(modelDir, $".staging-{Guid.NewGuid():N}");
            var artifacts = Path.Combine(staging, "artifacts");
            foreach (var (relative, full) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = Path.Combine(artifacts, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await CopyDurablyAsync(full, target, cancellationToken);
            }
            var record = new VersionRecord(name, number, DateTimeOffset.UtcNow, ContentHash(artifacts, files.Select(f => f.Relative)),
                Copy(options.Tags), Copy(options.Properties), options.Description);
            AtomicFile.Write(Path.Combine(staging, "version.json"), JsonSerializer.Serialize(record, Json));
            Directory.Move(staging, Path.Combine(versionsDir, number.ToString()));
            AppendEvent("registered", name, number, null);
        }
        return await GetAsync(name, number, cancellationToken);
    }

    public Task<ModelVersion> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var numbers = ExistingModel(name);
        if (!numbers.Contains(version))
            throw new RegistryException(RegistryErrorKind.VersionNotFound,
                $"model '{name}' has no version {version} (latest is {numbers.DefaultIfEmpty(0).Max()})");
        return Task.FromResult(Load(name, version, ReadMeta(name)));
    }

    public async Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        return await TryGetByAliasAsync(name, alias, cancellationToken)
            ?? throw new RegistryException(RegistryErrorKind.AliasNotFound,
                $"model '{name}' has no alias '{alias}' (aliases: {Describe(ReadMeta(name).Aliases.Keys)})");
    }

    public Task<ModelVersion?> TryGetByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        RegistryNames.CheckAlias(alias);
        ExistingModel(name);
        var meta = ReadMeta(name);
        return Task.FromResult(meta.Aliases.TryGetValue(alias, out var version) ? Load(name, version, meta) : null);
    }

    public Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (name, version, alias) = RegistryNames.ParseReference(reference);
        return version is { } v ? GetAsync(name, v, cancellationToken) : GetByAliasAsync(name, alias!, cancellationToken);
    }

    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(name);
        var meta = ReadMeta(name);
        return Task.FromResult<IReadOnlyList<ModelVersion>>(ExistingModel(name).Order().Select(v => Load(name, v, meta)).ToList());
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Models());

    public async Task<ModelVersion> SetAliasAsync(string name, int version, string alias, int? expectedCurrentVersion = null,
        CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckAlias(alias);
        await GetAsync(name, version, cancellationToken);
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken))
        {
            var meta = ReadMeta(name);
            var current = meta.Aliases.GetValueOrDefault(alias);
            if (expectedCurrentVersion is { } expected && expected != current)
                throw new RegistryException(RegistryErrorKind.Conflict,
                    $"alias '{name}@{alias}' points at {(current == 0 ? "no version" : $"version {current}")}, not {(expected == 0 ? "no version" : $"version {expected}")} as expected: someone else promoted meanwhile");
            WriteMeta(name, meta with { Aliases = new Dictionary<string, int>(meta.Aliases) { [alias] = version } });
            AppendEvent("alias-set", name, version, alias);
        }
        return await GetAsync(name, version, cancellationToken);
    }

    public async Task RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        await GetByAliasAsync(name, alias, cancellationToken);
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken))
        {
            var meta = ReadMeta(name);
            var aliases = new Dictionary<string, int>(meta.Aliases);
            if (aliases.Remove(alias, out var version))
            {
                WriteMeta(name, meta with { Aliases = aliases });
                AppendEvent("alias-removed", name, version, alias);
            }
        }
    }

    public async Task<ModelVersion> SetTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        await GetAsync(name, version, cancellationToken);
        using (await RegistryLock.AcquireAsync(RootPath, _lockTimeout, cancellationToken))
        {
            var meta = ReadMeta(name);
            var all = meta.Tags.ToDictionary(kv => kv.Key, kv => new Dictionary<string, string>(kv.Value));
            var key = version.ToString();
            if (!all.TryGetValue(key, out var changes)) all[key] = changes = new Dictionary<string, string>();
            foreach (var (k, v) in tags) changes[k] = v;
            WriteMeta(name, meta with { Tags = all });
            AppendEvent("tags-set", name, version, null);
        }
        return await GetAsync(name, version, cancellationToken);
    }

    private List<string> Models() =>
        Directory.Exists(RootPath)
            ? Directory.EnumerateDirectories(RootPath).Where(d => Directory.Exists(Path.Combine(d, "versions")))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    private List<int> ExistingModel(string name)
    {
        var numbers = VersionNumbers(name);
        if (numbers.Count == 0)
            throw new RegistryException(RegistryErrorKind.ModelNotFound,
                $"no model named '{name}' in registry {RootPath} (models: {Describe(Models())})");
        return numbers;
    }

    private List<int> VersionNumbers(string name)
    {
        var dir = Path.Combine(RootPath, name, "versions");
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateDirectories(dir)
            .Where(d => File.Exists(Path.Combine(d, "version.json")))
            .Select(d => int.TryParse(Path.GetFileName(d), out var n) ? n : 0)
            .Where(n => n > 0).ToList();
    }

    private ModelVersion Load(string name, int version, ModelMeta meta)
    {
        var dir = Path.Combine(RootPath, name, "versions", version.ToString());
        var record = JsonSerializer.Deserialize<VersionRecord>(File.ReadAllText(Path.Combine(dir, "version.json")), Json)!;
        var tags = new Dictionary<string, string>(record.Tags);
        if (meta.Tags.TryGetValue(version.ToString(), out var changes))
            foreach (var (k, v) in changes)
                if (v.Length == 0) tags.Remove(k);
                else tags[k] = v;
        var aliases = meta.Aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        return new ModelVersion(name, version, Path.Combine(dir, "artifacts"), record.CreatedAt, record.ContentSha256, tags,
            record.Properties, aliases, record.Description);
    }

    private ModelMeta ReadMeta(string name)
    {
        var path = Path.Combine(RootPath, name, "meta.json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize<ModelMeta>(File.ReadAllText(path), Json)!
            : new ModelMeta(new Dictionary<string, int>(), new Dictionary<string, Dictionary<string, string>>());
    }

    private void WriteMeta(string name, ModelMeta meta) =>
        AtomicFile.Write(Path.Combine(RootPath, name, "meta.json"), JsonSerializer.Serialize(meta, Json));

    private void AppendEvent(string kind, string name, int version, string? alias)
    {
        var line = JsonSerializer.Serialize(new { time = DateTimeOffset.UtcNow, @event = kind, model = name, version, alias }) + "\n";
        using var stream = new FileStream(Path.Combine(RootPath, "events.jsonl"), FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    private static void RemoveStaleStaging(string modelDir)
    {
        // Only writers holding the lock create staging folders, so any found now is left from a crash.
        foreach (var stale in Directory.EnumerateDirectories(modelDir, ".staging-*"))
            Directory.Delete(stale, recursive: true);
    }

    private static List<(string Relative, string Full)> SourceFiles(string sourcePath)
    {
        if (File.Exists(sourcePath))
            return [(Path.GetFileName(sourcePath), Path.GetFullPath(sourcePath))];
        if (!Directory.Exists(sourcePath))
            throw new RegistryException(RegistryErrorKind.InvalidSource, $"{sourcePath}: no such model file or folder to register");
        var root = Path.GetFullPath(sourcePath);
        var files = new List<(string, string)>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null)
                throw new RegistryException(RegistryErrorKind.InvalidSource, $"{entry.FullName}: symbolic links are not registered; copy the file instead");
            if (entry is FileInfo file) files.Add((Path.GetRelativePath(root, file.FullName), file.FullName));
        }
        if (files.Count == 0)
            throw new RegistryException(RegistryErrorKind.InvalidSource, $"{sourcePath}: the folder is empty");
        return files;
    }

    private static async Task CopyDurablyAsync(string source, string target, CancellationToken ct)
    {
        await using var input = File.OpenRead(source);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
        await input.CopyToAsync(output, ct);
        output.Flush(flushToDisk: true);
    }

    /// <summary>SHA-256 over each file's relative path (with '/' separators, ordinal order), a NUL, and its bytes.</summary>
    private static string ContentHash(string artifacts, IEnumerable<string> relatives)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in relatives.Select(r => r.Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(artifacts, relative)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Describe(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? new Dictionary<string, string>() : source.ToDictionary(kv => kv.Key, kv => kv.Value);

    private sealed record VersionRecord(string Name, int Version, DateTimeOffset CreatedAt, string ContentSha256,
        Dictionary<string, string> Tags, Dictionary<string, string> Properties, string? Description);

    private sealed record ModelMeta(Dictionary<string, int> Aliases, Dictionary<string, Dictionary<string, string>> Tags);
}
