using System.Diagnostics;
using System.Globalization;
using MlOps.Core.Errors;

namespace MlOps.Containers.Podman;

/// <summary>
/// podman with a private, throw-away store (--root/--runroot in a temp folder), so booting an image never touches
/// the machine's images or containers; disposing removes every container it started and the store. Flags from
/// containers.md: runc (crun fails on this kind of host with "cgroups in hybrid mode"), ulimits below the host's
/// hard limit (podman's default nofile 1048576 is refused), host network so the server is reached on 127.0.0.1.
/// </summary>
public sealed class PodmanSession : IDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);
    private readonly List<string> _containers = [];

    public PodmanSession()
    {
        Store = Path.Combine(Path.GetTempPath(), "mlops-podman-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Store);
    }

    /// <summary>The private store; gone after <see cref="Dispose"/>.</summary>
    public string Store { get; }

    /// <summary>Loads a docker-archive (or OCI layout folder) and returns the image id (its config digest's hex).</summary>
    public async Task<string> LoadAsync(string archive, CancellationToken ct)
    {
        await RunAsync(["load", "-q", "-i", archive], ct);
        var id = await RunAsync(["images", "-q", "--no-trunc"], ct);
        return id.Trim().Split('\n')[0].Trim().Replace("sha256:", "");
    }

    /// <summary>
    /// Pulls REGISTRY/REPOSITORY:TAG into the private store and returns the image id (its config digest's hex).
    /// Loopback registries are plain HTTP (--tls-verify=false); <paramref name="credentials"/> is USER:PASSWORD or null.
    /// </summary>
    public async Task<string> PullAsync(string reference, string? credentials, CancellationToken ct)
    {
        var host = reference[..reference.IndexOf('/')];
        List<string> args = ["pull", "-q"];
        if (Distribution.RegistryClient.IsLoopback(host)) args.Add("--tls-verify=false");
        if (credentials is not null) args.AddRange(["--creds", credentials]);
        var output = await RunAsync([.. args, reference], ct);
        return output.Trim().Split('\n')[^1].Trim().Replace("sha256:", "");
    }

    /// <summary>Starts the image detached, with <paramref name="args"/> replacing its Cmd; returns the container name.</summary>
    public async Task<string> StartAsync(string image, IReadOnlyList<string> args, CancellationToken ct)
    {
        var name = "mlops-" + Guid.NewGuid().ToString("N")[..10];
        _containers.Add(name);
        await RunAsync(["run", "-d", "--name", name, "--network=host", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", image, .. args], ct);
        return name;
    }

    /// <summary>Memory in use now (podman stats), in bytes; null when podman cannot tell.</summary>
    public async Task<long?> MemoryBytesAsync(string container, CancellationToken ct)
    {
        var text = (await RunAsync(["stats", "--no-stream", "--format", "{{.MemUsage}}", container], ct)).Trim();
        return ParseSize(text.Split('/')[0].Trim());
    }

    public Task<string> LogsAsync(string container, CancellationToken ct) => RunAsync(["logs", container], ct, check: false);

    public async Task<bool> IsRunningAsync(string container, CancellationToken ct) =>
        (await RunAsync(["inspect", "--format", "{{.State.Running}}", container], ct, check: false)).Trim() == "true";

    public async Task StopAsync(string container, CancellationToken ct)
    {
        await RunAsync(["stop", "-t", "5", container], ct, check: false);
        await RunAsync(["rm", "-f", container], ct, check: false);
        _containers.Remove(container);
    }

    /// <summary>"35.33MB" / "1.2GiB" / "512kB" → bytes.</summary>
    public static long? ParseSize(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
        if (i == 0 || !double.TryParse(text[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
        double? factor = text[i..].Trim().ToUpperInvariant() switch
        {
            "B" or "" => 1,
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9,
            "KIB" => 1024, "MIB" => 1024 * 1024, "GIB" => 1024d * 1024 * 1024,
            _ => null,
        };
        return factor is { } f ? (long)Math.Round(value * f) : null;
    }

    private string[] StoreFlags()
    {
        var flags = new List<string> { "--root", Path.Combine(Store, "storage"), "--runroot", Path.Combine(Store, "run"), "--storage-driver", "overlay" };
        if (File.Exists("/usr/sbin/runc")) flags.AddRange(["--runtime", "/usr/sbin/runc"]);
        return [.. flags];
    }

    private async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken ct, bool check = true)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in StoreFlags()) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"podman not found ({e.Message}): install podman and runc (apt-get install podman runc) to boot images", e);
        }
        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(CommandLimit);
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested) throw;
                throw new ExternalFailureException($"podman {args[0]} did not finish within {CommandLimit.TotalSeconds:0} s");
            }
            var output = await stdout;
            var error = await stderr;
            if (check && process.ExitCode != 0)
                throw new ExternalFailureException($"podman {string.Join(' ', args)} failed (exit {process.ExitCode}): {error.Trim()}");
            return check ? output : output + error;
        }
    }

    public void Dispose()
    {
        foreach (var container in _containers.ToList())
            StopAsync(container, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            // Layers are unpacked as their owners with their modes (e.g. read-only dirs); podman removes its own store best.
            RunAsync(["rmi", "-a", "-f"], CancellationToken.None, check: false).GetAwaiter().GetResult();
            Directory.Delete(Store, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidInputException)
        {
            // A leftover temp folder is not worth failing the build over.
        }
    }
}
