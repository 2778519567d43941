using System.Text.Json;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Images;

/// <summary>The image manifest and the layout's index, as deterministic bytes (fixed property order, no whitespace).</summary>
public static class ImageManifestJson
{
    public static byte[] Manifest(OciDescriptor config, IEnumerable<OciDescriptor> layers, IReadOnlyDictionary<string, string> annotations) =>
        Json(json =>
        {
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", OciMediaTypes.Manifest);
            json.WritePropertyName("config");
            Descriptor(json, config, null);
            json.WriteStartArray("layers");
            foreach (var layer in layers) Descriptor(json, layer, null);
            json.WriteEndArray();
            if (annotations.Count > 0) Annotations(json, annotations);
        });

    /// <summary>index.json of an OCI layout: one manifest, named by the ref.name annotation (what `oci:DIR:REF` selects).</summary>
    public static byte[] Index(OciDescriptor manifest, string refName) =>
        Json(json =>
        {
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", OciMediaTypes.Index);
            json.WriteStartArray("manifests");
            Descriptor(json, manifest, new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = refName });
            json.WriteEndArray();
        });

    private static void Descriptor(Utf8JsonWriter json, OciDescriptor descriptor, IReadOnlyDictionary<string, string>? annotations)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest);
        json.WriteNumber("size", descriptor.Size);
        if (annotations is not null) Annotations(json, annotations);
        json.WriteEndObject();
    }

    private static void Annotations(Utf8JsonWriter json, IReadOnlyDictionary<string, string> annotations)
    {
        json.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal)) json.WriteString(key, value);
        json.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
