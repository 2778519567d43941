using System.Diagnostics;
using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Local;

/// <summary>
/// The <c>local</c> target: runs <c>mlops serve</c> as a background process on loopback and remembers it in
/// <c>STATE_DIR/ENV.json</c>. A new deployment is started and checked ready before the old one is stopped, so
/// the environment keeps answering during a redeploy.
/// </summary>
public sealed class LocalProcessTarget(string stateDirectory, IReadOnlyList<string> serveCommand, TimeSpan? readyTimeout = null)
    : IDeploymentTarget
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly TimeSpan _readyTimeout = readyTimeout ?? TimeSpan.FromSeconds(90);

    public string Kind => "local";

    public bool NeedsImage => false;

    public async Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(stateDirectory);
        var id = $"{request.Environment}-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var logFile = Path.Combine(stateDirectory, id + ".log");
        var urlFile = Path.Combine(stateDirectory, id + ".url");
        var previous = Read(request.Environment);

        using var process = StartDetached(
            [.. serveCommand, "serve", "--model", request.ModelPath, "--host", request.Host, "--port", request.Port.ToString(),
             "--url-file", urlFile, "--name", request.ModelReference],
            logFile);
        var url = await WaitForUrlAsync(process, urlFile, logFile, cancellationToken);
        await EnsureReadyAsync(url, cancellationToken);

        var state = new DeploymentState(request.Environment, "local", url, request.ModelReference, process.Id, logFile, DateTimeOffset.UtcNow);
        WriteState(state);
        if (previous is not null && previous.ProcessId != process.Id && IsOurServer(previous)) Kill(previous.ProcessId);
        return state;
    }

    public Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default)
    {
        var state = Read(environment);
        if (state is null) return Task.FromResult<DeploymentState?>(null);
        if (IsOurServer(state)) Kill(state.ProcessId);
        File.Delete(StatePath(environment));
        return Task.FromResult<DeploymentState?>(state);
    }

    public Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default)
    {
        var state = Read(environment);
        var running = state is not null && IsOurServer(state);
        return Task.FromResult(state is null ? null
            : new DeploymentStatus(state, running, running ? $"pid {state.ProcessId} running" : $"pid {state.ProcessId} is not running"));
    }

    public Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(environment) is { } state && File.Exists(state.LogFile)
            ? string.Join("\n", File.ReadLines(state.LogFile).TakeLast(tail))
            : "");

    public DeploymentState? Read(string environment)
    {
        var path = StatePath(environment);
        return File.Exists(path) ? JsonSerializer.Deserialize<DeploymentState>(File.ReadAllText(path), Json) : null;
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A recorded PID may have been reused by an unrelated process after a reboot; only a process whose command line
    /// is our server for this deployment (it carries the deployment's log-derived url file) is ever stopped.
    /// </summary>
    private static bool IsOurServer(DeploymentState state)
    {
        if (!IsRunning(state.ProcessId)) return false;
        var cmdline = $"/proc/{state.ProcessId}/cmdline";
        if (!File.Exists(cmdline)) return true; // no procfs (not Linux): trust the recorded PID
        var args = File.ReadAllText(cmdline).Replace('\0', ' ');
        return args.Contains(" serve ") && args.Contains(Path.ChangeExtension(state.LogFile, ".url"));
    }

    private string StatePath(string environment) => Path.Combine(stateDirectory, environment + ".json");

    private void WriteState(DeploymentState state)
    {
        Core.IO.AtomicFile.Write(StatePath(state.Environment), JsonSerializer.Serialize(state, Json));
    }

    /// <summary>
    /// The server must outlive this command and must not hold our stdout open (a CI step or a test reading it would
    /// wait forever), so it is exec'ed by a shell with its output sent to a log file and stdin from /dev/null.
    /// </summary>
    private static Process StartDetached(IReadOnlyList<string> command, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$MLOPS_SERVE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("mlops-serve");
        foreach (var arg in command) start.ArgumentList.Add(arg);
        start.Environment["MLOPS_SERVE_LOG"] = logFile;
        return Process.Start(start) ?? throw new ExternalFailureException("could not start the scoring server process");
    }

    private async Task<string> WaitForUrlAsync(Process process, string urlFile, string logFile, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _readyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(urlFile) && (await File.ReadAllTextAsync(urlFile, ct)).Trim() is { Length: > 0 } url)
                return url;
            if (process.HasExited)
                throw new ExternalFailureException($"the scoring server exited with code {process.ExitCode} before it was ready; log {logFile}:\n{Tail(logFile)}");
            await Task.Delay(100, ct);
        }
        Kill(process.Id);
        throw new ExternalFailureException($"the scoring server was not ready within {_readyTimeout.TotalSeconds:0} s; log {logFile}:\n{Tail(logFile)}");
    }

    private static async Task EnsureReadyAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var response = await http.GetAsync(url + "/health/ready", ct);
        if (!response.IsSuccessStatusCode)
            throw new ExternalFailureException($"{url}/health/ready answered {(int)response.StatusCode}");
    }

    private static void Kill(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
            // Already gone: nothing to stop.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Tail(string logFile) =>
        File.Exists(logFile) ? string.Join("\n", File.ReadLines(logFile).TakeLast(15).Select(l => "  " + l)) : "  (no log)";
}
