using System.Security.Cryptography;
using System.Text;

namespace MlOps.Registry;

/// <summary>
/// Copies the artifacts durably and computes <see cref="ModelVersion.ContentSha256"/> from the bytes actually written,
/// so the hash describes the stored copy even if the source changes meanwhile.
/// </summary>
/// <remarks>
/// ContentSha256 = SHA-256 over, for each file in ordinal order of its '/'-separated relative path:
/// UTF-8(path) · 0x00 · SHA-256(content) (32 bytes). Sorting and '/' make it independent of enumeration order and
/// OS; the NUL (never in a path) and the fixed-size content hash make it unambiguous (bytes cannot move between
/// files or names without changing it); times, permissions and the source location do not enter it.
/// </remarks>
internal static class ArtifactCopier
{
    private const int BufferSize = 1 << 20;

    public static async Task<string> CopyAsync(IReadOnlyList<SourceFile> files, string artifactsPath, CancellationToken cancellationToken)
    {
        using var tree = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var target = Path.Combine(artifactsPath, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var contentHash = await CopyFileAsync(file.FullPath, target, cancellationToken).ConfigureAwait(false);
            tree.AppendData(Encoding.UTF8.GetBytes(file.Key));
            tree.AppendData([0]);
            tree.AppendData(contentHash);
        }
        return Convert.ToHexStringLower(tree.GetHashAndReset());
    }

    private static async Task<byte[]> CopyFileAsync(string source, string target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize,
            FileOptions.Asynchronous);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
        // fsync before the version is published: after the rename, a power cut must not leave a version with empty files.
        output.Flush(flushToDisk: true);
        return hash.GetHashAndReset();
    }
}
