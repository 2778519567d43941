using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Output;

/// <summary>One image read back from a layout, every blob checked against its digest and size.</summary>
/// <param name="LayerEntries">Per layer, the entry names of its tar in order.</param>
public sealed record LayoutImage(string ManifestDigest, string? RefName, JsonElement Config, IReadOnlyList<OciDescriptor> Layers,
    IReadOnlyList<IReadOnlyList<string>> LayerEntries);

/// <summary>
/// Reads an OCI layout back and checks it from index to layers: index.json → manifest → config → layers, each blob's
/// SHA-256 and size against its descriptor, each layer's uncompressed SHA-256 against the config's diff_ids, and each
/// tar entry's name. A digest is only ever turned into a file name after <see cref="Sha256Digest.Hex"/> accepted it,
/// and an entry that is absolute or climbs with ".." is refused, so a hostile layout cannot make it read or name
/// anything outside its folder.
/// </summary>
public static class OciLayoutReader
{
    public static LayoutImage Read(string directory)
    {
        var layout = ReadJson(Path.Combine(directory, "oci-layout"));
        if (Text(layout, "imageLayoutVersion") != "1.0.0") throw Bad("oci-layout: imageLayoutVersion is not 1.0.0");
        var index = ReadJson(Path.Combine(directory, "index.json"));
        var manifests = Property(index, "manifests", "index.json");
        if (manifests.GetArrayLength() != 1) throw Bad($"index.json: expected one manifest, found {manifests.GetArrayLength()}");
        var manifestRef = Descriptor(manifests[0], "index.json manifests[0]");
        var refName = manifests[0].TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var r) ? r.GetString() : null;

        var manifest = JsonDocument.Parse(Blob(directory, manifestRef)).RootElement;
        var configRef = Descriptor(Property(manifest, "config", "manifest"), "manifest config");
        if (configRef.MediaType != OciMediaTypes.Config) throw Bad($"manifest: config media type is {configRef.MediaType}");
        var config = JsonDocument.Parse(Blob(directory, configRef)).RootElement;
        var diffIds = Property(Property(config, "rootfs", "config"), "diff_ids", "config rootfs").EnumerateArray().Select(d => d.GetString()!).ToList();
        var layers = Property(manifest, "layers", "manifest").EnumerateArray().Select((l, i) => Descriptor(l, $"manifest layers[{i}]")).ToList();
        if (layers.Count != diffIds.Count) throw Bad($"manifest lists {layers.Count} layers but the config {diffIds.Count} diff_ids");

        var entries = new List<IReadOnlyList<string>>();
        for (var i = 0; i < layers.Count; i++)
            entries.Add(ReadLayer(directory, layers[i], diffIds[i], i));
        return new LayoutImage(manifestRef.Digest, refName, config, layers, entries);
    }

    private static List<string> ReadLayer(string directory, OciDescriptor layer, string diffId, int index)
    {
        var path = CheckedBlobPath(directory, layer);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var tee = new ReadHashingStream(gzip, hash);
        var names = new List<string>();
        using (var reader = new TarReader(tee))
            while (reader.GetNextEntry() is { } entry)
            {
                if (!IsContained(entry.Name)) throw Bad($"layer {index} ({layer.Digest}): entry '{entry.Name}' escapes the root");
                names.Add(entry.Name);
            }
        tee.CopyTo(Stream.Null); // the tar's end-of-archive blocks are part of the diff_id
        var actual = Sha256Digest.FromHash(hash.GetHashAndReset());
        if (actual != diffId) throw Bad($"layer {index}: uncompressed digest {actual} differs from the config's diff_id {diffId}");
        return names;
    }

    /// <summary>Relative, without "..": where extraction into a root keeps it inside the root.</summary>
    public static bool IsContained(string name) =>
        !name.StartsWith('/') && !name.Contains('\\') && name.Split('/').All(s => s != "..");

    private static byte[] Blob(string directory, OciDescriptor descriptor)
    {
        var path = CheckedBlobPath(directory, descriptor);
        return File.ReadAllBytes(path);
    }

    private static string CheckedBlobPath(string directory, OciDescriptor descriptor)
    {
        var path = Path.Combine(directory, "blobs", "sha256", Sha256Digest.Hex(descriptor.Digest));
        if (!File.Exists(path)) throw Bad($"blob {descriptor.Digest} is missing");
        var length = new FileInfo(path).Length;
        if (length != descriptor.Size) throw Bad($"blob {descriptor.Digest} is {length} bytes, its descriptor says {descriptor.Size}");
        using var stream = File.OpenRead(path);
        var actual = Sha256Digest.FromHash(SHA256.HashData(stream));
        if (actual != descriptor.Digest) throw Bad($"blob {descriptor.Digest} has the content of {actual}");
        return path;
    }

    private static OciDescriptor Descriptor(JsonElement element, string where)
    {
        var digest = Text(element, "digest") ?? throw Bad($"{where}: no digest");
        if (!Sha256Digest.IsValid(digest)) throw Bad($"{where}: '{digest}' is not a sha256 digest");
        return new OciDescriptor(Text(element, "mediaType") ?? throw Bad($"{where}: no mediaType"), digest,
            element.TryGetProperty("size", out var size) ? size.GetInt64() : throw Bad($"{where}: no size"));
    }

    private static JsonElement ReadJson(string path)
    {
        if (!File.Exists(path)) throw Bad($"{Path.GetFileName(path)} is missing");
        try { return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement; }
        catch (JsonException e) { throw Bad($"{Path.GetFileName(path)}: {e.Message}"); }
    }

    private static JsonElement Property(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : throw Bad($"{where}: no '{name}'");

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static InvalidDataException Bad(string message) => new($"invalid OCI layout: {message}");
}
