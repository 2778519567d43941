using System.Security.Cryptography;
using System.Text;

namespace MlOps.Core.IO;

/// <summary>
/// The content hash of a set of files (a registered model version, a code snapshot): SHA-256 over, for each file in
/// ordinal order of its '/'-separated relative path, UTF-8(path) · 0x00 · SHA-256(content). Sorting and '/' make it
/// independent of enumeration order and OS; the NUL (never in a path) and the fixed-size content hash make it
/// unambiguous (bytes cannot move between files or names without changing it); times, permissions and the source
/// location do not enter it.
/// </summary>
public sealed class TreeHash : IDisposable
{
    private readonly IncrementalHash _tree = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Adds one file; callers add them in ordinal order of <paramref name="key"/>.</summary>
    public void Add(string key, byte[] contentSha256)
    {
        _tree.AppendData(Encoding.UTF8.GetBytes(key));
        _tree.AppendData([0]);
        _tree.AppendData(contentSha256);
    }

    public string ToHex() => Convert.ToHexStringLower(_tree.GetHashAndReset());

    /// <summary>Hashes files as they are on disk now.</summary>
    public static string Of(IEnumerable<(string Key, string FullPath)> files)
    {
        using var tree = new TreeHash();
        foreach (var (key, path) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            tree.Add(key, SHA256.HashData(stream));
        }
        return tree.ToHex();
    }

    public void Dispose() => _tree.Dispose();
}
