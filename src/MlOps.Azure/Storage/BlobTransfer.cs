using Azure;
using Azure.Storage.Blobs.Models;

namespace MlOps.Azure.Storage;

/// <summary>Moves files between a local folder and a <see cref="BlobFolder"/> (code snapshots, model files, job outputs, logs).</summary>
public static class BlobTransfer
{
    /// <summary>Uploads each (key, file) below the folder, overwriting: a retried upload must be able to finish what a failed one began.</summary>
    public static async Task UploadAsync(BlobFolder folder, IEnumerable<(string Key, string FullPath)> files, CancellationToken cancellationToken)
    {
        foreach (var (key, fullPath) in files)
        {
            await using var stream = File.OpenRead(fullPath);
            await folder.File(key).UploadAsync(stream, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every file in <paramref name="directory"/> and below, keyed by its '/'-separated relative path.</summary>
    public static IReadOnlyList<(string Key, string FullPath)> FilesOf(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(directory, f).Replace('\\', '/'), f))
            .OrderBy(f => f.Item1, StringComparer.Ordinal).ToList();

    /// <summary>Downloads every blob below the folder into <paramref name="target"/>; returns the relative paths written.</summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(BlobFolder folder, string target, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        var prefix = folder.Prefix.Length == 0 ? "" : folder.Prefix + "/";
        await foreach (var item in folder.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            var relative = item.Name[prefix.Length..];
            if (relative.Length == 0 || relative.EndsWith('/')) continue; // folder markers of hierarchical namespaces
            var path = Path.GetFullPath(Path.Combine(target, relative));
            // A blob name with ".." must not write outside the target folder.
            if (!path.StartsWith(Path.GetFullPath(target) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new InvalidDataException($"blob '{item.Name}' would be written outside '{target}'");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await folder.Container.GetBlobClient(item.Name).DownloadToAsync(path, cancellationToken).ConfigureAwait(false);
            written.Add(relative);
        }
        return written;
    }

    /// <summary>
    /// The bytes of a growing blob (a log) from <paramref name="offset"/> on; empty when it does not exist yet or has
    /// nothing new, so a poller can call it on every tick.
    /// </summary>
    public static async Task<byte[]> ReadFromAsync(BlobFolder folder, string relativePath, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var result = await folder.File(relativePath).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset) }, cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416)
        {
            return [];
        }
    }
}
