using System.Diagnostics;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Local;

/// <summary>Starting, recognising and stopping the background processes of the local target (servers and the router).</summary>
internal static class LocalProcesses
{
    /// <summary>
    /// The process must outlive this command and must not hold our stdout open (a CI step or a test reading it would
    /// wait forever), so it is exec'ed by a shell with its output sent to a log file and stdin from /dev/null.
    /// </summary>
    public static Process StartDetached(IReadOnlyList<string> command, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$MLOPS_SERVE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("mlops-serve");
        foreach (var arg in command) start.ArgumentList.Add(arg);
        start.Environment["MLOPS_SERVE_LOG"] = logFile;
        return Process.Start(start) ?? throw new ExternalFailureException("could not start the scoring server process");
    }

    /// <summary>Waits for the process to write its url file (it does once it listens); kills it when it does not in time.</summary>
    public static async Task<string> WaitForUrlFileAsync(Process process, string urlFile, string logFile, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(urlFile) && (await File.ReadAllTextAsync(urlFile, ct)).Trim() is { Length: > 0 } text)
                return text;
            if (process.HasExited)
                throw new ExternalFailureException($"the {what} exited with code {process.ExitCode} before it was ready; log {logFile}:\n{Tail(logFile)}");
            await Task.Delay(100, ct);
        }
        Kill(process.Id);
        throw new ExternalFailureException($"the {what} was not ready within {timeout.TotalSeconds:0} s; log {logFile}:\n{Tail(logFile)}");
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
    /// is our <paramref name="verb"/> writing <paramref name="urlFile"/> is ever stopped.
    /// </summary>
    public static bool IsOurs(int pid, string verb, string urlFile)
    {
        if (!IsRunning(pid)) return false;
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline)) return true; // no procfs (not Linux): trust the recorded PID
        var args = File.ReadAllText(cmdline).Replace('\0', ' ');
        return args.Contains($" {verb} ") && args.Contains(urlFile);
    }

    public static void Kill(int pid)
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

    public static string Tail(string logFile) =>
        File.Exists(logFile) ? string.Join("\n", File.ReadLines(logFile).TakeLast(15).Select(l => "  " + l)) : "  (no log)";
}
