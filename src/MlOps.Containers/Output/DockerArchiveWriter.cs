using System.Formats.Tar;
using System.Text.Json;
using MlOps.Containers.Images;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Output;

/// <summary>
/// Writes a docker-archive tar (what `docker save` writes and `podman load` / `docker load` read): manifest.json
/// naming the config, the repo tag and the layers, kept gzip-compressed as in the layout (podman and Docker both
/// read compressed layers from an archive). Blobs sit at blobs/sha256/HEX like Docker 25+, but without
/// index.json: podman would then read the tar as an oci-archive and name the image after the bare tag. The tar
/// itself is as reproducible as the layers: sorted entries, epoch mtime, owner 0:0.
/// </summary>
public static class DockerArchiveWriter
{
    public static void Write(BuiltImage image, string tarPath)
    {
        var files = new SortedDictionary<string, Func<Stream>>(StringComparer.Ordinal)
        {
            ["manifest.json"] = Bytes(DockerManifest(image)),
            [BlobPath(image.ConfigDigest)] = Bytes(image.Config),
            [BlobPath(image.ManifestDigest)] = Bytes(image.Manifest),
        };
        foreach (var layer in image.Layers)
            files[BlobPath(layer.Digest)] = () => File.OpenRead(layer.BlobPath);

        using var output = new FileStream(tarPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var directory in new[] { "blobs/", "blobs/sha256/" })
                tar.WriteEntry(Entry(TarEntryType.Directory, directory, 0b111_101_101));
            foreach (var (name, open) in files)
            {
                var entry = Entry(TarEntryType.RegularFile, name, 0b110_100_100);
                using var data = open();
                entry.DataStream = data;
                tar.WriteEntry(entry);
            }
        }
    }

    private static string BlobPath(string digest) => $"blobs/sha256/{Sha256Digest.Hex(digest)}";

    private static Func<Stream> Bytes(byte[] content) => () => new MemoryStream(content, writable: false);

    private static UstarTarEntry Entry(TarEntryType type, string name, int mode) => new(type, name)
    {
        Mode = (UnixFileMode)mode,
        ModificationTime = DateTimeOffset.UnixEpoch,
    };

    /// <summary>[{"Config": ..., "RepoTags": ["NAME:TAG"], "Layers": [...]}], the docker-archive index.</summary>
    private static byte[] DockerManifest(BuiltImage image)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("Config", BlobPath(image.ConfigDigest));
            json.WriteStartArray("RepoTags");
            json.WriteStringValue($"{image.Name}:{image.Tag}");
            json.WriteEndArray();
            json.WriteStartArray("Layers");
            foreach (var layer in image.Layers) json.WriteStringValue(BlobPath(layer.Digest));
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
