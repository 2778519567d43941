// Open-loop load at a fixed rate, for bench/serving (what wrk2 does; Debian has no wrk2). wrk keeps requests back to
// back on each connection (closed loop), so a slow answer delays the next request and hides itself. Here request i
// is due at START + i / RATE, whether or not earlier answers were late, and goes out on connection i mod CONNECTIONS
// (keep-alive); latency counts from that due time (no coordinated omission) as well as from when the bytes were
// actually written. One pacing thread sleeps to each due time on the kernel's high-resolution timer (see Pacer), so
// requests arrive evenly spaced rather than in bursts at each millisecond tick of .NET's timers (Task.Delay), which
// is what the first version of this tool did and measured as latency. Each connection has a thread blocked in
// receive, so an answer is timed when the kernel hands it over, not when a thread-pool thread gets to it. Nothing is
// allocated per request: on a 2-core machine the generator shares the cores with the server.
// Usage: LoadGen URL BODY.json RATE SECONDS [CONNECTIONS]   (POST, application/json; one warm-up second first)
using System.Diagnostics;
using System.Globalization;
using System.Text;

var uri = new Uri(args[0]);
var body = File.ReadAllBytes(args[1]);
var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
var connections = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 32;
var request = Encoding.ASCII.GetBytes(
    $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n")
    .Concat(body).ToArray();

Run(Math.Min(rate, 1000), 1); // connections, JIT and server warmed up, not counted
var results = Run(rate, seconds);
var fromDue = results.SelectMany(c => c.FromDue).Order().ToArray();
var fromSend = results.SelectMany(c => c.FromSend).Order().ToArray();
var errors = results.Sum(c => c.Errors);
string Ms(double[] sorted, double q) => sorted.Length == 0 ? "nan" : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("0.000", CultureInfo.InvariantCulture);
Console.WriteLine($"requests={fromDue.Length} errors={errors} achieved_rate={(fromDue.Length / seconds).ToString("0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"p50_ms={Ms(fromSend, 0.5)} p90_ms={Ms(fromSend, 0.9)} p99_ms={Ms(fromSend, 0.99)} max_ms={Ms(fromSend, 1)}");
Console.WriteLine($"due_p50_ms={Ms(fromDue, 0.5)} due_p99_ms={Ms(fromDue, 0.99)}");

Connection[] Run(double perSecond, double duration)
{
    var total = (int)(perSecond * duration);
    var all = Enumerable.Range(0, connections).Select(_ => new Connection(uri, request, (total + connections - 1) / connections)).ToArray();
    foreach (var c in all) c.Start();
    var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
    var interval = Stopwatch.Frequency / perSecond;
    Pacer.Run(total, i => start + (long)(i * interval), i => all[i % connections].Due(start + (long)(i * interval)));
    foreach (var c in all) c.Finish();
    return all;
}
