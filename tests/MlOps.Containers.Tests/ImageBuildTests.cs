using System.Formats.Tar;
using System.Text.Json;
using MlOps.Containers.Build;
using MlOps.Containers.Images;
using MlOps.Containers.Layers;
using MlOps.Containers.Oci;
using MlOps.Containers.Output;

namespace MlOps.Containers.Tests;

public class ImageBuildTests
{
    private static readonly ImageSpec Spec = new(["/app/mlops", "serve"], ["--model", "/model"], ["ORT_DISABLE_TELEMETRY=1"], "1654", "/app", 8080,
        new Dictionary<string, string> { ["org.opencontainers.image.revision"] = "abc123", ["mlops.model.version"] = "3" },
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static Task<BuiltImage> Build(TestLayers files, string cache, string tag, string model) =>
        new ImageBuilder(new LayerCache(files.Folder(cache))).BuildAsync("adult-income", "3", files.Layers(tag, model), Spec);

    [Test]
    public async Task The_same_inputs_give_byte_identical_layouts_and_archives_in_two_folders()
    {
        using var files = new TestLayers();
        var first = await Build(files, "cache1", "one", "weights");
        var second = await Build(files, "cache2", "two", "weights");
        OciLayoutWriter.Write(first, files.Folder("out1/oci"));
        OciLayoutWriter.Write(second, files.Folder("out2/oci"));
        DockerArchiveWriter.Write(first, files.Folder("out1/image.tar"));
        DockerArchiveWriter.Write(second, files.Folder("out2/image.tar"));

        Assert.That(second.ManifestDigest, Is.EqualTo(first.ManifestDigest));
        Assert.That(Snapshot(files.Folder("out2")), Is.EqualTo(Snapshot(files.Folder("out1"))));
    }

    [Test]
    public async Task A_model_only_change_keeps_the_base_and_app_layers_and_rewrites_only_the_model_layer()
    {
        using var files = new TestLayers();
        var v1 = await Build(files, "cache", "v1", "weights-1");
        var v2 = await Build(files, "cache", "v2", "weights-2");

        Assert.That(v2.Layers.Select(l => l.Name), Is.EqualTo(new[] { "base", "app", "model" }));
        Assert.That(v2.Layers[0].Digest, Is.EqualTo(v1.Layers[0].Digest));
        Assert.That(v2.Layers[1].Digest, Is.EqualTo(v1.Layers[1].Digest));
        Assert.That(v2.Layers[2].Digest, Is.Not.EqualTo(v1.Layers[2].Digest));
        Assert.That(v2.Layers.Select(l => l.Reused), Is.EqualTo(new[] { true, true, false }), "only the model layer is written again");
        Assert.That(v2.ManifestDigest, Is.Not.EqualTo(v1.ManifestDigest));
    }

    [Test]
    public async Task The_layout_reads_back_from_index_to_layers_with_labels_and_no_varying_time()
    {
        using var files = new TestLayers();
        var image = await Build(files, "cache", "x", "weights");
        OciLayoutWriter.Write(image, files.Folder("oci"));

        var read = OciLayoutReader.Read(files.Folder("oci"));

        Assert.That(read.ManifestDigest, Is.EqualTo(image.ManifestDigest));
        Assert.That(read.RefName, Is.EqualTo("3"));
        Assert.That(read.Layers.Select(l => l.Digest), Is.EqualTo(image.Layers.Select(l => l.Digest)));
        Assert.That(read.Layers.Select(l => l.MediaType), Is.All.EqualTo(OciMediaTypes.LayerGzip));
        var labels = read.Config.GetProperty("config").GetProperty("Labels");
        Assert.That(labels.GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo("abc123"));
        Assert.That(labels.GetProperty("mlops.model.version").GetString(), Is.EqualTo("3"));
        Assert.That(read.Config.GetProperty("created").GetString(), Is.EqualTo("2023-11-14T22:13:20Z"));
        Assert.That(read.Config.GetProperty("config").GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), Is.True);
        Assert.That(read.LayerEntries[2], Is.EqualTo(new[] { "model/", "model/model.json", "model/model.zip" }));
    }

    [Test]
    public async Task The_docker_archive_names_the_image_and_holds_every_blob_its_manifest_lists()
    {
        using var files = new TestLayers();
        var image = await Build(files, "cache", "x", "weights");
        DockerArchiveWriter.Write(image, files.Folder("image.tar"));

        var contents = new Dictionary<string, byte[]>();
        using (var reader = new TarReader(File.OpenRead(files.Folder("image.tar"))))
            while (reader.GetNextEntry(copyData: true) is { } entry)
                if (entry.DataStream is { } data) { var m = new MemoryStream(); data.CopyTo(m); contents[entry.Name] = m.ToArray(); }

        Assert.That(contents.Keys, Does.Not.Contain("index.json"), "else podman reads it as an oci-archive named after the bare tag");
        var manifest = JsonDocument.Parse(contents["manifest.json"]).RootElement[0];
        Assert.That(manifest.GetProperty("RepoTags")[0].GetString(), Is.EqualTo("adult-income:3"));
        var config = manifest.GetProperty("Config").GetString()!;
        Assert.That(Sha256Digest.Of(contents[config]), Is.EqualTo(image.ConfigDigest));
        foreach (var layer in manifest.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!))
            Assert.That(Sha256Digest.Of(contents[layer]), Is.EqualTo("sha256:" + Path.GetFileName(layer)));
        Assert.That(manifest.GetProperty("Layers").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_damaged_cache_entry_is_written_again_not_shipped()
    {
        using var files = new TestLayers();
        var first = await Build(files, "cache", "x", "weights");
        var modelBlob = first.Layers[2].BlobPath;
        var bytes = File.ReadAllBytes(modelBlob);
        bytes[^9] ^= 0xff;
        File.WriteAllBytes(modelBlob, bytes);

        var again = await Build(files, "cache", "x", "weights");

        Assert.That(again.Layers[2].Reused, Is.False);
        Assert.That(again.Layers[2].Digest, Is.EqualTo(first.Layers[2].Digest));
        Assert.That(Sha256Digest.Of(File.ReadAllBytes(again.Layers[2].BlobPath)), Is.EqualTo(first.Layers[2].Digest));
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Sha256Digest.Of(File.ReadAllBytes(f)));
}
