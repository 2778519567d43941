using System.Text;
using MlOps.Containers.Images;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Output;

/// <summary>
/// Writes an OCI image layout (image-spec image-layout.md): oci-layout, index.json naming the manifest by tag, and
/// blobs/sha256/HEX for the manifest, config and layers. Readable by skopeo/podman as `oci:DIR:TAG`.
/// </summary>
public static class OciLayoutWriter
{
    public const string LayoutFile = """{"imageLayoutVersion":"1.0.0"}""";

    /// <param name="directory">Must not exist yet or be empty: callers write into a staging folder and move it.</param>
    public static void Write(BuiltImage image, string directory)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        foreach (var layer in image.Layers)
            File.Copy(layer.BlobPath, Path.Combine(blobs, Sha256Digest.Hex(layer.Digest)), overwrite: true);
        File.WriteAllBytes(Path.Combine(blobs, Sha256Digest.Hex(image.ConfigDigest)), image.Config);
        File.WriteAllBytes(Path.Combine(blobs, Sha256Digest.Hex(image.ManifestDigest)), image.Manifest);
        File.WriteAllBytes(Path.Combine(directory, "index.json"), ImageManifestJson.Index(image.ManifestDescriptor, image.Tag));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), LayoutFile, new UTF8Encoding(false));
    }
}
