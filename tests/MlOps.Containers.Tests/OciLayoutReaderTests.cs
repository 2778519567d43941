using System.Formats.Tar;
using System.Text;
using MlOps.Containers.Build;
using MlOps.Containers.Images;
using MlOps.Containers.Layers;
using MlOps.Containers.Oci;
using MlOps.Containers.Output;

namespace MlOps.Containers.Tests;

/// <summary>Reading a layout back never trusts it: wrong digests, sizes or names that climb out are errors.</summary>
public class OciLayoutReaderTests
{
    private static readonly ImageSpec Spec = new(["/x"], [], [], "0", "/", null, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

    private static async Task<BuiltImage> WriteLayout(TestLayers files)
    {
        var image = await new ImageBuilder(new LayerCache(files.Folder("cache"))).BuildAsync("m", "1", files.Layers("x", "w"), Spec);
        OciLayoutWriter.Write(image, files.Folder("oci"));
        return image;
    }

    [Test]
    public async Task A_blob_whose_content_changed_is_reported_with_its_digest()
    {
        using var files = new TestLayers();
        var image = await WriteLayout(files);
        var blob = files.Folder($"oci/blobs/sha256/{Sha256Digest.Hex(image.ConfigDigest)}");
        File.WriteAllText(blob, File.ReadAllText(blob).Replace("\"0\"", "\"1\""));

        var error = Assert.Throws<InvalidDataException>(() => OciLayoutReader.Read(files.Folder("oci")));
        Assert.That(error!.Message, Does.Contain(image.ConfigDigest));
    }

    [Test]
    public async Task A_digest_that_names_a_path_outside_the_blobs_is_refused_before_any_file_is_opened()
    {
        using var files = new TestLayers();
        await WriteLayout(files);
        var index = files.Folder("oci/index.json");
        File.WriteAllText(index, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(index), "sha256:[0-9a-f]{64}", "sha256:../../../etc/passwd"));

        var error = Assert.Throws<InvalidDataException>(() => OciLayoutReader.Read(files.Folder("oci")));
        Assert.That(error!.Message, Does.Contain("is not a sha256 digest"));
    }

    [Test]
    public void A_layer_entry_that_climbs_out_of_the_root_is_refused()
    {
        using var files = new TestLayers();
        // A hand-made layer (LayerEntry would refuse the name) in an otherwise valid layout.
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "../../evil") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("x")) });
        var gz = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar.ToArray());
        Directory.CreateDirectory(files.Folder("layer"));
        File.WriteAllBytes(files.Folder("layer/evil.tgz"), gz.ToArray());
        var layer = new LayerBlob("evil", files.Folder("layer/evil.tgz"), Sha256Digest.Of(gz.ToArray()), Sha256Digest.Of(tar.ToArray()), gz.Length, tar.Length);
        OciLayoutWriter.Write(BuiltImage.Assemble("m", "1", Spec, [layer]), files.Folder("oci"));

        var error = Assert.Throws<InvalidDataException>(() => OciLayoutReader.Read(files.Folder("oci")));
        Assert.That(error!.Message, Does.Contain("'../../evil' escapes the root"));
    }
}
