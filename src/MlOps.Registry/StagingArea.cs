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

    /// <summary>Call under the registry lock (see LocalModelRegistry.CreateStagingAsync); the copy into it need not be.</summary>
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

    /// <summary>
    /// Refuses to publish a staging folder that lost its artifacts (removed by someone who took it for abandoned):
    /// writing version.json would recreate the folder and publish a version without files.
    /// </summary>
    public void EnsureComplete()
    {
        if (!Directory.Exists(ArtifactsPath))
            throw new RegistryException(RegistryErrorKind.Conflict,
                $"the staging folder {Path} was removed while this registration copied into it; register again");
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
            using (taken) DeleteQuietly(folder); // the lock file goes last, so a live writer's folder is never unlocked
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
    /// <remarks>
    /// Opened WITHOUT DeleteOnClose: on Unix .NET opens the file first and takes the flock second, and when the flock
    /// fails it closes the handle, which with DeleteOnClose unlinks the live writer's lock file. The next writer then
    /// finds no lock, takes the folder for abandoned and deletes it under the live writer, who publishes a version
    /// without its artifacts (found by RegistryCrashTests). The file is deleted here only once the lock is ours.
    /// </remarks>
    private static bool IsHeld(string lockPath, out IDisposable? taken)
    {
        taken = null;
        try
        {
            var stream = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            taken = new TakenLock(stream, lockPath);
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

    /// <summary>An abandoned writer's lock, now ours: deleted while still held, then closed.</summary>
    private sealed class TakenLock(FileStream stream, string path) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            stream.Dispose();
        }
    }
}
