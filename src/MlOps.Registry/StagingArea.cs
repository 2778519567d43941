namespace MlOps.Registry;

/// <summary>
/// MODEL/.staging-GUID/: where a version is assembled before one atomic rename publishes it as versions/N. Readers only
/// look under versions/, so a half-copied version is never visible.
/// </summary>
/// <remarks>
/// Copying a large model can take minutes, so it happens outside the registry lock. To still tell a live writer's
/// folder from one a crash left behind, the writer holds MODEL/.staging-GUID.lock (FileShare.None, created before the
/// folder, removed after it is gone); the OS drops that lock when the writer dies. A folder whose lock can be taken,
/// or has none, is abandoned.
/// </remarks>
internal sealed class StagingArea : IDisposable
{
    private const string Prefix = ".staging-";
    private readonly FileStream _writerLock;
    private bool _published;

    private StagingArea(string path, FileStream writerLock)
    {
        Path = path;
        _writerLock = writerLock;
    }

    public string Path { get; }

    public string ArtifactsPath => System.IO.Path.Combine(Path, "artifacts");

    public static StagingArea Create(string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        var path = System.IO.Path.Combine(modelDirectory, $"{Prefix}{Guid.NewGuid():N}");
        var writerLock = OpenLock(path + ".lock", FileMode.CreateNew);
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(path, "artifacts"));
            return new StagingArea(path, writerLock);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>The one step that makes the version visible. Call under the registry lock, with a free target.</summary>
    public void PublishAs(string versionPath)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(versionPath)!);
        Directory.Move(Path, versionPath);
        _published = true;
    }

    public void Dispose()
    {
        // Removed before the lock is released, so nobody ever sees this folder unlocked while we are alive.
        if (!_published) DeleteQuietly(Path);
        _writerLock.Dispose();
    }

    /// <summary>Deletes staging folders (and lock files) whose writer is gone. Call under the registry lock.</summary>
    public static void RemoveAbandoned(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory)) return;
        foreach (var folder in Directory.GetDirectories(modelDirectory, Prefix + "*"))
        {
            if (IsHeld(folder + ".lock", out var taken)) continue;
            using (taken) DeleteQuietly(folder);
        }
        foreach (var lockFile in Directory.GetFiles(modelDirectory, Prefix + "*.lock"))
            if (!Directory.Exists(lockFile[..^".lock".Length]) && !IsHeld(lockFile, out var taken))
                taken?.Dispose(); // deletes the orphan on close
    }

    /// <summary>
    /// Cleanup must never fail a registration: a folder that cannot be deleted now stays abandoned for the next
    /// writer, and one that vanished was removed by its own failing writer (which does so without the registry lock).
    /// </summary>
    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static FileStream OpenLock(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);

    /// <summary>True when a live writer holds the lock file; otherwise <paramref name="taken"/> is the lock (deleted on close), or null if there is none.</summary>
    private static bool IsHeld(string lockPath, out FileStream? taken)
    {
        taken = null;
        try
        {
            taken = OpenLock(lockPath, FileMode.Open);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            return true;
        }
    }
}
