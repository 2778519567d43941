using System.Text;
using System.Text.Json;

namespace MlOps.Registry.Audit;

/// <summary>
/// ROOT/events.jsonl on disk: append (under the registry lock) and read (without a lock). Lines end with '\n'; a last
/// line without one is a write in progress or torn by a crash: readers skip it and the next writer cuts it off, which
/// is safe because its writer died before the append returned, so nobody was told the event was recorded.
/// </summary>
internal static class AuditLog
{
    private const int TailChunk = 64 * 1024;

    /// <summary>Appends <paramref name="e"/> as the next link of the chain and fsyncs. The caller holds the registry lock.</summary>
    public static AuditEvent Append(string path, AuditEvent e)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        CutTornTail(stream);
        var (prevSeq, prevHash) = LastLink(stream);
        var (line, sealedEvent) = AuditChain.Seal(e, prevSeq, prevHash);
        var buffer = new byte[line.Length + 1];
        line.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';
        stream.Seek(0, SeekOrigin.End);
        // One write call: a reader sees the old end or a prefix of this line, never another writer's bytes inside it.
        stream.Write(buffer);
        stream.Flush(flushToDisk: true);
        return sealedEvent;
    }

    /// <summary>The whole file as a reader sees it now (empty when there is no log yet).</summary>
    public static byte[] ReadAll(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>True when some line holds exactly this byte sequence; looks at the last 256 KiB first, where recent events are.</summary>
    public static bool Contains(string path, ReadOnlySpan<byte> fragment)
    {
        var all = ReadAll(path);
        var tail = all.AsSpan(Math.Max(0, all.Length - 4 * TailChunk));
        return tail.IndexOf(fragment) >= 0 || all.AsSpan().IndexOf(fragment) >= 0;
    }

    private static void CutTornTail(FileStream stream)
    {
        if (stream.Length == 0) return;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() == '\n') return;
        var lastNewline = FindLastNewline(stream, stream.Length - 1);
        stream.SetLength(lastNewline + 1);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Seq and hash of the last complete line (0 and the genesis hash for an empty log).</summary>
    private static (long Seq, string Hash) LastLink(FileStream stream)
    {
        if (stream.Length == 0) return (0, AuditChain.Genesis);
        var start = FindLastNewline(stream, stream.Length - 1) + 1;
        var line = new byte[stream.Length - 1 - start];
        stream.Seek(start, SeekOrigin.Begin);
        stream.ReadExactly(line);
        var seq = TrySeq(line) ?? CountLines(stream);
        return (seq, AuditChain.LinkHash(line));
    }

    private static long? TrySeq(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A log from before the chain has no seq: number its lines instead, so the first chained line continues them.</summary>
    private static long CountLines(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        long count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
            if (b == '\n') count++;
        return count;
    }

    /// <summary>Offset of the last '\n' strictly before <paramref name="before"/>, or -1.</summary>
    private static long FindLastNewline(FileStream stream, long before)
    {
        var buffer = new byte[TailChunk];
        var end = before;
        while (end > 0)
        {
            var start = Math.Max(0, end - TailChunk);
            var length = (int)(end - start);
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, length);
            var index = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
            if (index >= 0) return start + index;
            end = start;
        }
        return -1;
    }

    /// <summary>The bytes that only the "registered" line of NAME:VERSION contains (names are JSON-safe, so never escaped).</summary>
    public static byte[] RegisteredFragment(string name, int version) =>
        Encoding.UTF8.GetBytes($"\"event\":\"{AuditEventKinds.Registered}\",\"model\":\"{name}\",\"version\":{version},");
}
