using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using MlOps.Containers.Layers;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Tests;

public class LayerWriterTests
{
    [Test]
    public void The_same_content_gives_the_same_bytes_whatever_the_files_times_or_locations()
    {
        using var files = new TestLayers();
        files.Write("a/app/run.dll", "payload", new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        files.Write("b/app/run.dll", "payload", new DateTime(2024, 6, 30, 12, 0, 0, DateTimeKind.Utc));

        var first = LayerWriter.Write(new LayerContent("app", LayerContent.FromDirectory(files.Folder("a/app"), "app", false)), files.Folder("1.tgz"));
        var second = LayerWriter.Write(new LayerContent("app", LayerContent.FromDirectory(files.Folder("b/app"), "app", false)), files.Folder("2.tgz"));

        Assert.That(second.Digest, Is.EqualTo(first.Digest));
        Assert.That(second.DiffId, Is.EqualTo(first.DiffId));
        Assert.That(File.ReadAllBytes(files.Folder("2.tgz")), Is.EqualTo(File.ReadAllBytes(files.Folder("1.tgz"))));
        Assert.That(first.Digest, Is.EqualTo(Sha256Digest.Of(File.ReadAllBytes(files.Folder("1.tgz")))), "digest = SHA-256 of the blob");
        Assert.That(first.Size, Is.EqualTo(new FileInfo(files.Folder("1.tgz")).Length));
    }

    [Test]
    public void The_gzip_header_has_no_name_no_time_and_a_fixed_os_byte_and_the_diff_id_is_the_tar_digest()
    {
        using var files = new TestLayers();
        var blob = LayerWriter.Write(files.Layers("x", "model")[2], files.Folder("l.tgz"));

        var bytes = File.ReadAllBytes(files.Folder("l.tgz"));
        Assert.That(bytes[..10], Is.EqualTo(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }));
        using var gunzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var tar = new MemoryStream();
        gunzip.CopyTo(tar);
        Assert.That(Sha256Digest.Of(tar.ToArray()), Is.EqualTo(blob.DiffId));
        Assert.That(blob.UncompressedSize, Is.EqualTo(tar.Length));
    }

    [Test]
    public void A_layer_of_many_blocks_compressed_in_parallel_is_one_valid_gzip_stream_the_same_each_time_and_no_larger()
    {
        using var files = new TestLayers();
        // 3 × 5 MB of text-like rows: several 4 MiB deflate blocks and a part one, compressible like assemblies are.
        for (var f = 0; f < 3; f++)
            files.Write($"app/lib{f}.dll", string.Concat(Enumerable.Range(0, 260_000).Select(i => $"row {i * (f + 3) % 9973:D5} value {i % 611}\n")));
        var content = new LayerContent("app", LayerContent.FromDirectory(files.Folder("app"), "app", keepExecutableBit: false));

        var first = LayerWriter.Write(content, files.Folder("1.tgz"));
        var second = LayerWriter.Write(content, files.Folder("2.tgz"));

        Assert.That(File.ReadAllBytes(files.Folder("2.tgz")), Is.EqualTo(File.ReadAllBytes(files.Folder("1.tgz"))));
        var tar = new MemoryStream();
        using (var gunzip = new GZipStream(File.OpenRead(first.BlobPath), CompressionMode.Decompress))
            gunzip.CopyTo(tar);
        Assert.That(tar.Length, Is.GreaterThan(3 * (4 << 20)), "spans several blocks");
        Assert.That(Sha256Digest.Of(tar.ToArray()), Is.EqualTo(first.DiffId), "one gzip stream whose content is the whole tar");
        var whole = new MemoryStream();
        using (var gzip = new GZipStream(whole, new ZLibCompressionOptions { CompressionLevel = LayerWriter.CompressionLevel }, leaveOpen: true))
            gzip.Write(tar.ToArray());
        Assert.That(first.Size, Is.LessThanOrEqualTo(whole.Length * 1.001), "independent blocks cost under 0.1 % against one deflate stream");
        Assert.That(ReadEntries(first.BlobPath).Select(e => e.Name), Is.EqualTo(new[] { "app/", "app/lib0.dll", "app/lib1.dll", "app/lib2.dll" }));
    }

    [Test]
    public void Entries_are_sorted_with_parents_owned_by_root_at_the_epoch_with_fixed_modes()
    {
        using var files = new TestLayers();
        var blob = LayerWriter.Write(files.Layers("x", "model")[1], files.Folder("app.tgz"));

        var entries = ReadEntries(blob.BlobPath);
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "app/", "app/mlops", "app/mlops.dll" }));
        Assert.That(entries.Select(e => e.Format), Is.All.EqualTo(TarEntryFormat.Ustar), "no pax records (atime, ctime) to vary");
        Assert.That(entries.Select(e => e.ModificationTime), Is.All.EqualTo(DateTimeOffset.UnixEpoch));
        Assert.That(entries.Select(e => (e.Uid, e.Gid)), Is.All.EqualTo((0, 0)));
        Assert.That(entries.Select(e => (int)e.Mode), Is.EqualTo(new[] { 0b111_101_101, 0b110_100_100, 0b110_100_100 }),
            "written files are 0644 whatever their mode on disk, directories 0755");
    }

    [Test]
    public void A_path_too_long_for_ustar_is_kept_whole_in_a_pax_header_without_times()
    {
        using var files = new TestLayers();
        var longName = "model/" + new string('n', 120) + ".onnx";
        var blob = LayerWriter.Write(new LayerContent("model", [LayerEntry.Bytes(longName, [1, 2, 3])]), files.Folder("m.tgz"));

        var entry = ReadEntries(blob.BlobPath).Single(e => e.EntryType == TarEntryType.RegularFile);
        Assert.That(entry.Name, Is.EqualTo(longName));
        Assert.That(((PaxTarEntry)entry).ExtendedAttributes.Keys, Has.None.AnyOf("atime", "ctime"));
    }

    [TestCase("../etc/passwd")]
    [TestCase("app/../../x")]
    [TestCase("./x/./y")]
    [TestCase("/")]
    public void A_path_that_could_leave_the_root_is_refused(string path) =>
        Assert.Throws<ArgumentException>(() => LayerEntry.Bytes(path, []));

    [Test]
    public void The_content_key_follows_content_and_mode_not_file_times()
    {
        using var files = new TestLayers();
        var file = files.Write("f/data.bin", "one");
        var key = new LayerContent("m", [LayerEntry.File("model/data.bin", file)]).ContentKey();
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        Assert.That(new LayerContent("m", [LayerEntry.File("model/data.bin", file)]).ContentKey(), Is.EqualTo(key));
        Assert.That(new LayerContent("m", [LayerEntry.File("model/data.bin", file, executable: true)]).ContentKey(), Is.Not.EqualTo(key));
        File.WriteAllText(file, "two");
        Assert.That(new LayerContent("m", [LayerEntry.File("model/data.bin", file)]).ContentKey(), Is.Not.EqualTo(key));
    }

    internal static List<TarEntry> ReadEntries(string blobPath)
    {
        using var gunzip = new GZipStream(File.OpenRead(blobPath), CompressionMode.Decompress);
        using var reader = new TarReader(gunzip);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }
}
