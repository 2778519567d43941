using System.Security.Cryptography;
using MlOps.Core.IO;

namespace MlOps.Registry;

/// <summary>
/// Copies the artifacts durably and computes <see cref="ModelVersion.ContentSha256"/> from the bytes actually written,
/// so the hash describes the stored copy even if the source changes meanwhile.
/// </summary>
/// <remarks>ContentSha256 is <see cref="TreeHash"/> of the copied files.</remarks>
internal static class ArtifactCopier
{
    private const int BufferSize = 1 << 20;

    public static async Task<string> CopyAsync(IReadOnlyList<SourceFile> files, string artifactsPath, CancellationToken cancellationToken)
    {
        using var tree = new TreeHash();
        foreach (var file in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var target = Path.Combine(artifactsPath, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            tree.Add(file.Key, await CopyFileAsync(file.FullPath, target, cancellationToken).ConfigureAwait(false));
        }
        return tree.ToHex();
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
