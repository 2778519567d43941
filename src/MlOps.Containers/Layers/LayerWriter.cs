using System.Formats.Tar;
using MlOps.Containers.Oci;

namespace MlOps.Containers.Layers;

/// <summary>
/// Writes a layer as a reproducible tar.gz: entries in the order <see cref="LayerContent"/> sorts them, ustar headers
/// (no atime/ctime/pax records to vary), owner 0:0 with no names, mtime at the epoch, modes as given. Paths too long
/// for ustar fall back to a pax header holding only the path.
/// </summary>
public static class LayerWriter
{
    /// <summary>gzip -6: 8 % smaller than -1 on a .NET app for about twice the time (containers.md); part of <see cref="LayerContent.FormatVersion"/>.</summary>
    public const int CompressionLevel = 6;

    public static LayerBlob Write(LayerContent content, string blobPath)
    {
        using var file = new FileStream(blobPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var compressed = new HashingStream(file, leaveOpen: true);
        string diffId;
        long uncompressedSize;
        using (var gzip = new DeterministicGzipStream(compressed, CompressionLevel))
        {
            using var tar = new HashingStream(gzip, leaveOpen: true);
            using (var writer = new TarWriter(tar, leaveOpen: true))
                foreach (var entry in content.Entries)
                    WriteEntry(writer, entry);
            diffId = tar.Digest();
            uncompressedSize = tar.BytesWritten;
        }
        compressed.Flush();
        return new LayerBlob(content.Name, blobPath, compressed.Digest(), diffId, compressed.BytesWritten, uncompressedSize);
    }

    private static void WriteEntry(TarWriter writer, LayerEntry entry)
    {
        var type = entry.Kind switch
        {
            LayerEntryKind.Directory => TarEntryType.Directory,
            LayerEntryKind.Symlink => TarEntryType.SymbolicLink,
            _ => TarEntryType.RegularFile,
        };
        var name = entry.Kind == LayerEntryKind.Directory ? entry.Path + "/" : entry.Path;
        TarEntry tar = FitsUstar(name) ? new UstarTarEntry(type, name) : new PaxTarEntry(type, name);
        tar.Mode = (UnixFileMode)entry.Mode;
        tar.ModificationTime = DateTimeOffset.UnixEpoch;
        tar.Uid = 0;
        tar.Gid = 0;
        if (entry.LinkTarget is not null) tar.LinkName = entry.LinkTarget;
        Stream? data = entry.Kind != LayerEntryKind.File ? null
            : entry.Content is not null ? new MemoryStream(entry.Content, writable: false)
            : new FileStream(entry.SourceFile!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using (data)
        {
            if (data is not null) tar.DataStream = data;
            writer.WriteEntry(tar);
        }
    }

    /// <summary>ustar holds a name of 100 bytes, or 155 + 100 split at a '/'.</summary>
    private static bool FitsUstar(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (bytes != name.Length) return false; // non-ASCII: let pax carry it as UTF-8
        if (bytes <= 100) return true;
        for (var slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
            if (slash <= 155 && bytes - slash - 1 <= 100 && bytes - slash - 1 > 0) return true;
        return false;
    }
}
