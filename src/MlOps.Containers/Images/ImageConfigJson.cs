using System.Globalization;
using System.Text.Json;
using MlOps.Containers.Layers;

namespace MlOps.Containers.Images;

/// <summary>
/// The image config (OCI image-spec config.md) as bytes. Written property by property in a fixed order, labels
/// sorted, no indentation: the bytes, and so the config digest, depend on nothing but the spec and the layers.
/// </summary>
public static class ImageConfigJson
{
    public static byte[] Write(ImageSpec spec, IReadOnlyList<LayerBlob> layers)
    {
        var created = spec.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("created", created);
            json.WriteString("architecture", "amd64");
            json.WriteString("os", "linux");
            json.WriteStartObject("config");
            json.WriteString("User", spec.User);
            if (spec.ExposedPort is { } port)
            {
                json.WriteStartObject("ExposedPorts");
                json.WriteStartObject($"{port}/tcp");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            WriteStrings(json, "Env", spec.Env);
            WriteStrings(json, "Entrypoint", spec.Entrypoint);
            WriteStrings(json, "Cmd", spec.Cmd);
            json.WriteString("WorkingDir", spec.WorkingDir);
            json.WriteStartObject("Labels");
            foreach (var (key, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("rootfs");
            json.WriteString("type", "layers");
            WriteStrings(json, "diff_ids", layers.Select(l => l.DiffId).ToList());
            json.WriteEndObject();
            json.WriteStartArray("history");
            foreach (var layer in layers)
            {
                json.WriteStartObject();
                json.WriteString("created", created);
                json.WriteString("created_by", $"mlops package: {layer.Name} layer");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
