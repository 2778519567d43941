namespace MlOps.Registry;

/// <summary>
/// Cross-process exclusive lock on ROOT/.lock, held by every mutation. FileShare.None maps to flock(LOCK_EX) on Unix
/// (a share-mode lock on Windows), so it excludes other mlops processes on the agent as well as other threads, and
/// the OS releases it when a crashed process dies: no stale lock to clean up by hand.
/// </summary>
internal static class RegistryLock
{
    public static async Task<IDisposable> AcquireAsync(string root, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            // Only a plain IOException means "held"; its subclasses (folder missing, path too long) will not go away by waiting.
            catch (IOException e) when (e.GetType() == typeof(IOException))
            {
                if (DateTime.UtcNow >= deadline)
                    throw new RegistryException(RegistryErrorKind.Conflict,
                        $"registry is locked by another process: {path} was held for more than {timeout.TotalSeconds:0.###} s "
                        + "(another register, promote or tag running?); try again when it has finished", e);
                await Task.Delay(Random.Shared.Next(2, 12), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
