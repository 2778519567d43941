using System.Diagnostics;
using System.Runtime.InteropServices;

/// <summary>
/// Calls an action at given monotonic times, sleeping in between on Linux's high-resolution timers
/// (clock_nanosleep to an absolute CLOCK_MONOTONIC time, the clock Stopwatch reads) with the thread's timer slack
/// cut from the default 50 µs to 1 µs. Thread.Sleep and Task.Delay wake on whole milliseconds, which turns a steady
/// 10,000 requests/s into bursts of ten.
/// </summary>
static class Pacer
{
    private const int ClockMonotonic = 1, TimerAbsTime = 1, PrSetTimerSlack = 29;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_nanosleep(int clock, int flags, ref TimeSpec request, IntPtr remain);

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    public static void Run(int count, Func<int, long> dueAt, Action<int> act)
    {
        if (Stopwatch.Frequency != 1_000_000_000) throw new PlatformNotSupportedException("Stopwatch is not CLOCK_MONOTONIC in ns");
        var thread = new Thread(() =>
        {
            prctl(PrSetTimerSlack, 1, 0, 0, 0);
            for (var i = 0; i < count; i++)
            {
                var due = dueAt(i);
                if (due > Stopwatch.GetTimestamp())
                {
                    var at = new TimeSpec { Seconds = due / 1_000_000_000, Nanoseconds = due % 1_000_000_000 };
                    while (clock_nanosleep(ClockMonotonic, TimerAbsTime, ref at, IntPtr.Zero) != 0) { } // EINTR: sleep on
                }
                act(i);
            }
        }) { Priority = ThreadPriority.AboveNormal, Name = "pacer" };
        thread.Start();
        thread.Join();
    }
}
