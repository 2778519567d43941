// Open-loop load at a fixed rate, for bench/serving (what wrk2 does; Debian has no wrk2). wrk keeps requests back to
// back on each connection (closed loop), so a slow answer delays the next request and hides itself. Here each of
// CONNECTIONS keep-alive connections has its own schedule (rate RATE / CONNECTIONS, staggered), request k of a
// connection is due at its slot whether or not the previous answer was late, and latency counts from that due time
// (no coordinated omission) as well as from when the bytes were actually written. Raw sockets and one pre-encoded
// request keep the generator's own CPU small: on a 2-core machine it shares the cores with the server.
// Usage: LoadGen URL BODY.json RATE SECONDS [CONNECTIONS]   (POST, application/json; one warm-up second first)
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

var uri = new Uri(args[0]);
var body = File.ReadAllBytes(args[1]);
var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
var connections = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 32;
var request = Encoding.ASCII.GetBytes(
    $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n")
    .Concat(body).ToArray();

await Run(Math.Min(rate, 1000), 1, connections); // connections and JIT warmed up, not counted
var results = await Run(rate, seconds, connections);
var fromDue = results.SelectMany(r => r.FromDue).Order().ToArray();
var fromSend = results.SelectMany(r => r.FromSend).Order().ToArray();
var errors = results.Sum(r => r.Errors);
string Ms(double[] sorted, double q) => sorted.Length == 0 ? "nan" : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("0.000", CultureInfo.InvariantCulture);
Console.WriteLine($"requests={fromDue.Length} errors={errors} achieved_rate={(fromDue.Length / seconds).ToString("0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"p50_ms={Ms(fromSend, 0.5)} p90_ms={Ms(fromSend, 0.9)} p99_ms={Ms(fromSend, 0.99)} max_ms={Ms(fromSend, 1)}");
Console.WriteLine($"due_p50_ms={Ms(fromDue, 0.5)} due_p99_ms={Ms(fromDue, 0.99)}");

async Task<Connection[]> Run(double perSecond, double duration, int count)
{
    var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
    var interval = Stopwatch.Frequency * count / perSecond; // between two requests of one connection
    var all = Enumerable.Range(0, count).Select(_ => new Connection()).ToArray();
    await Task.WhenAll(all.Select((c, i) => c.RunAsync(uri, request, start + (long)(i * interval / count), interval,
        start + (long)(duration * Stopwatch.Frequency))));
    foreach (var c in all) c.Dispose();
    return all;
}

sealed class Connection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[1 << 20];
    public readonly List<double> FromDue = [];
    public readonly List<double> FromSend = [];
    public int Errors;

    public async Task RunAsync(Uri uri, byte[] request, long firstDue, double interval, long end)
    {
        await _socket.ConnectAsync(uri.Host, uri.Port);
        for (var k = 0; ; k++)
        {
            var due = firstDue + (long)(k * interval);
            if (due >= end) return;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await _socket.SendAsync(request);
                if (!await ReadResponseAsync()) Errors++;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                Errors++; // the connection is gone: its remaining requests are not sent
                return;
            }
            FromDue.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            FromSend.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
    }

    /// <summary>Reads one response (Content-Length or chunked); true for a 2xx status.</summary>
    private async Task<bool> ReadResponseAsync()
    {
        var length = 0;
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            length += await ReceiveAsync(length);
        var header = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        var ok = header.StartsWith("HTTP/1.1 2", StringComparison.Ordinal);
        var bodyStart = headerEnd + 4;
        var contentLength = header.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (contentLength is not null)
        {
            var total = bodyStart + int.Parse(contentLength[15..].Trim(), CultureInfo.InvariantCulture);
            while (length < total) length += await ReceiveAsync(length);
        }
        else // chunked: one request in flight, so the answer ends with the last, empty chunk
            while (!_buffer.AsSpan(bodyStart, length - bodyStart).EndsWith("0\r\n\r\n"u8)) length += await ReceiveAsync(length);
        return ok;
    }

    private async Task<int> ReceiveAsync(int offset)
    {
        var n = await _socket.ReceiveAsync(_buffer.AsMemory(offset));
        return n > 0 ? n : throw new IOException("the server closed the connection");
    }

    public void Dispose() => _socket.Dispose();
}
