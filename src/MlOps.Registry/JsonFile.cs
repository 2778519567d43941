using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Registry;

/// <summary>Reads and writes the registry's JSON metadata so that a reader sees the old content or the new, never half.</summary>
internal static class JsonFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Temp file + fsync + rename over the old file (rename is atomic on one file system).</summary>
    public static void WriteAtomically<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, value, Options);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            // Only left when serializing or the rename failed; a crash may still leave one, which nothing reads.
            File.Delete(temp);
        }
    }

    public static T Read<T>(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonSerializer.Deserialize<T>(stream, Options) ?? throw new InvalidDataException($"{path}: empty JSON document");
    }

    public static async Task<T> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        // Sharing read/write/delete so that on Windows a reader never blocks a writer's rename over the file.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096, useAsync: true);
        return await JsonSerializer.DeserializeAsync<T>(stream, Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{path}: empty JSON document");
    }
}
