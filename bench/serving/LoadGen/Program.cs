// Open-loop load at a fixed rate, for bench/serving: wrk keeps a fixed number of requests in flight (closed loop), so
// a slow answer delays the next request and hides itself; here request i is due at start + i / RATE whether or not
// earlier ones have been answered, and its latency counts from that due time (no coordinated omission) as well as
// from when it was actually sent. The generator sleeps between sends instead of spinning, so on a small machine it
// leaves the cores to the server; the cost is up to a timer tick (about 1 ms) of lateness, which the "from due time"
// numbers include and the "from send" numbers do not.
// Usage: LoadGen URL BODY.json RATE SECONDS   (POSTs the file's bytes as application/json; a warm-up second first)
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

var (url, body, rate, seconds) = (args[0], File.ReadAllBytes(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture));
ThreadPool.SetMinThreads(64, 64);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = TimeSpan.FromSeconds(10),
};

await Run(Math.Min(rate, 1000), 1, record: false); // connections and JIT warmed up, not measured
var (fromDue, fromSend, errors, elapsed) = await Run(rate, seconds, record: true);
Array.Sort(fromDue);
Array.Sort(fromSend);
string Ms(double[] sorted, double q) => sorted.Length == 0 ? "nan" : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("0.000", CultureInfo.InvariantCulture);
Console.WriteLine($"requests={fromDue.Length} errors={errors} achieved_rate={(fromDue.Length / elapsed).ToString("0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"p50_ms={Ms(fromSend, 0.5)} p90_ms={Ms(fromSend, 0.9)} p99_ms={Ms(fromSend, 0.99)} max_ms={Ms(fromSend, 1)}");
Console.WriteLine($"due_p50_ms={Ms(fromDue, 0.5)} due_p99_ms={Ms(fromDue, 0.99)}");

async Task<(double[] FromDue, double[] FromSend, int Errors, double Seconds)> Run(double perSecond, double duration, bool record)
{
    var total = (int)(perSecond * duration);
    var fromDue = new double[total];
    var fromSend = new double[total];
    var errors = 0;
    var tasks = new Task[total];
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * Stopwatch.Frequency / perSecond);
        while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
        tasks[i] = Send(i, due);
    }
    await Task.WhenAll(tasks);
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    return (fromDue, fromSend, errors, elapsed);

    async Task Send(int i, long due)
    {
        await Task.Yield(); // the send loop only schedules; the pool threads do the I/O
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref errors);
        }
        fromDue[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        fromSend[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    }
}
