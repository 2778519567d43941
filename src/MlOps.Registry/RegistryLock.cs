namespace MlOps.Registry;

/// <summary>
/// Cross-process exclusive lock on ROOT/.lock. FileShare.None maps to flock(LOCK_EX) on Unix, so it holds against
/// other mlops processes (pipelines on one agent) as well as other threads, and dies with a crashed process.
/// </summary>
internal static class RegistryLock
{
    public static async Task<IDisposable> AcquireAsync(string root, TimeSpan timeout, CancellationToken ct)
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
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(10, 40), ct);
            }
            catch (IOException)
            {
                throw new RegistryException(RegistryErrorKind.Conflict,
                    $"registry {root} is locked by another process (waited {timeout.TotalSeconds:0.#} s); try again when it has finished");
            }
        }
    }
}
