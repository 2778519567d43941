using System.Diagnostics;

namespace MlOps.Core.Diagnostics;

/// <summary>
/// Wall time of named phases on stderr when MLOPS_TIMINGS is set (to anything but "0"), for finding where a slow run
/// spends its time without a profiler; silent otherwise, so reports and logs are unchanged.
/// </summary>
public static class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("MLOPS_TIMINGS") is { Length: > 0 } v && v != "0";
    private static readonly DateTime ProcessStart = Process.GetCurrentProcess().StartTime;

    /// <summary>Prints the phase's wall time when disposed, and when it ended counted from the process's start.</summary>
    public static IDisposable Measure(string phase) => Enabled ? new Scope(phase) : NoScope.Instance;

    private sealed class Scope(string phase) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose() =>
            Console.Error.WriteLine($"timing: {phase,-40} {Stopwatch.GetElapsedTime(_start).TotalSeconds,7:0.000} s   (ends at {(DateTime.Now - ProcessStart).TotalSeconds:0.000} s)");
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();
        public void Dispose() { }
    }
}
