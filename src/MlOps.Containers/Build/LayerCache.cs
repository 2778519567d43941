using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Containers.Layers;
using MlOps.Containers.Oci;
using MlOps.Core.IO;

namespace MlOps.Containers.Build;

/// <summary>
/// Written layers by content key (<see cref="LayerContent.ContentKey"/>): KEY.tar.gz plus KEY.json with its digests.
/// A rebuild whose only change is the model finds the base and app layers here and writes only the model layer.
/// The blob is moved into place before its .json, so a crash leaves at most an orphan blob, never a record of a
/// missing or partial one; a cached blob is re-hashed before use, so a damaged cache is rewritten, not shipped.
/// </summary>
public sealed class LayerCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public LayerBlob GetOrWrite(LayerContent content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var key = content.ContentKey();
        var blobPath = Path.Combine(Directory, key + ".tar.gz");
        var recordPath = Path.Combine(Directory, key + ".json");
        if (TryRead(recordPath, blobPath, content.Name) is { } cached) return cached;

        var temp = Path.Combine(Directory, $"{key}.tmp-{Guid.NewGuid():N}");
        try
        {
            var written = LayerWriter.Write(content, temp);
            File.Move(temp, blobPath, overwrite: true);
            AtomicFile.Write(recordPath, JsonSerializer.Serialize(new Record(written.Digest, written.DiffId, written.Size, written.UncompressedSize)));
            return written with { BlobPath = blobPath };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static LayerBlob? TryRead(string recordPath, string blobPath, string name)
    {
        if (!File.Exists(recordPath) || !File.Exists(blobPath)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<Record>(File.ReadAllText(recordPath));
            if (record is null || new FileInfo(blobPath).Length != record.Size) return null;
            using (var stream = File.OpenRead(blobPath))
                if (Sha256Digest.FromHash(SHA256.HashData(stream)) != record.Digest) return null;
            return new LayerBlob(name, blobPath, record.Digest, record.DiffId, record.Size, record.UncompressedSize) { Reused = true };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Record(string Digest, string DiffId, long Size, long UncompressedSize);
}
