using System.Security.Cryptography;
using System.Text;
using MlOps.Core.IO;

namespace MlOps.Containers.Layers;

/// <summary>
/// The entries of one layer, sorted by path with every parent directory present, plus the key that identifies the
/// layer's bytes before they are written (see <see cref="ContentKey"/>).
/// </summary>
public sealed class LayerContent
{
    /// <summary>
    /// Changes whenever the tar or gzip bytes this version writes for the same entries would change (format, level,
    /// deflate implementation), so a layer cache never serves a blob the current code would not write.
    /// </summary>
    internal const string FormatVersion = "mlops-layer-2;ustar;gzip-6;deflate-blocks-4MiB";

    public LayerContent(string name, IEnumerable<LayerEntry> entries)
    {
        Name = name;
        var byPath = new Dictionary<string, LayerEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (byPath.TryGetValue(entry.Path, out var existing) && existing != entry)
                throw new ArgumentException($"layer '{name}' has '{entry.Path}' twice with different content");
            byPath[entry.Path] = entry;
        }
        foreach (var path in byPath.Keys.ToList())
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                byPath.TryAdd(path[..slash], LayerEntry.Directory(path[..slash]));
        // Ordinal order puts a directory before everything under it (its path is their prefix).
        Entries = byPath.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>"base", "app", "model": names the layer in the image history and the cache.</summary>
    public string Name { get; }

    public IReadOnlyList<LayerEntry> Entries { get; }

    /// <summary>
    /// Every file of <paramref name="directory"/> under <paramref name="destination"/>, or those whose '/'-separated
    /// relative path <paramref name="include"/> accepts; executables keep 0755, the rest 0644.
    /// </summary>
    public static IEnumerable<LayerEntry> FromDirectory(string directory, string destination, bool keepExecutableBit, Func<string, bool>? include = null)
    {
        var root = Path.GetFullPath(directory);
        yield return LayerEntry.Directory(destination);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (include is not null && !include(relative)) continue;
            var executable = keepExecutableBit && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
            yield return LayerEntry.File($"{destination.TrimEnd('/')}/{relative}", file, executable);
        }
    }

    /// <summary>
    /// SHA-256 over the format version and, per entry in order, its path, kind, mode, link target and content hash:
    /// equal keys mean equal layer bytes, so a cached layer can be reused without writing it again.
    /// </summary>
    public string ContentKey()
    {
        using var tree = new TreeHash();
        tree.Add(FormatVersion, SHA256.HashData(Encoding.UTF8.GetBytes(FormatVersion)));
        foreach (var entry in Entries)
        {
            var meta = $"{entry.Kind}|{Convert.ToString(entry.Mode, 8)}|{entry.LinkTarget}";
            var content = entry.Kind != LayerEntryKind.File ? SHA256.HashData(Encoding.UTF8.GetBytes(meta))
                : entry.Content is not null ? SHA256.HashData([.. Encoding.UTF8.GetBytes(meta + "|"), .. entry.Content])
                : HashFile(meta, entry.SourceFile!);
            tree.Add(entry.Path, content);
        }
        return tree.ToHex();
    }

    private static byte[] HashFile(string meta, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(meta + "|"));
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer.AsSpan(0, read));
        return hash.GetHashAndReset();
    }
}
