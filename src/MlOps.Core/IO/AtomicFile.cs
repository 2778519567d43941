namespace MlOps.Core.IO;

public static class AtomicFile
{
    /// <summary>Temp file + fsync + rename: readers see the old content or the new, never half of it.</summary>
    public static void Write(string path, string content)
    {
        var temp = $"{path}.tmp-{Guid.NewGuid().ToString("N")[..8]}";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
