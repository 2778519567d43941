using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Registry;

/// <summary>ROOT/events.jsonl: the append-only history, one JSON object per line. Append under the registry lock.</summary>
internal static class EventLog
{
    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Append(string path, RegistryEvent entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry with { Time = entry.Time.ToUniversalTime() }, LineOptions);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length > 0)
        {
            // A crash mid-append leaves a line without its newline: start a fresh line so only the torn one is unreadable.
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n') stream.WriteByte((byte)'\n');
        }
        stream.Seek(0, SeekOrigin.End);
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }
}
