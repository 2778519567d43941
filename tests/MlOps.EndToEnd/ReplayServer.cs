using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops serve --request-log` as a process on 127.0.0.1, and a client that replays CSV rows through POST /score in
/// order, in batches, as production traffic would arrive. Disposing stops the server with SIGTERM, which flushes the log.
/// </summary>
public sealed class ReplayServer : IDisposable
{
    private readonly Process _server;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ReplayServer(Workspace ws, string model, string requestLog)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ws.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { MlOpsCli.Dll, "serve", "--model", model, "--port", "0", "--url-file", "url.txt", "--request-log", requestLog })
            start.ArgumentList.Add(a);
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var urlFile = ws.PathOf("url.txt");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(urlFile) && DateTime.UtcNow < deadline && !_server.HasExited) Thread.Sleep(100);
        if (!File.Exists(urlFile))
        {
            Dispose();
            Assert.Fail($"the server did not become ready:\n{_output}");
        }
        Url = File.ReadAllText(urlFile).Trim();
    }

    public string Url { get; }

    /// <summary>Posts the rows' <paramref name="features"/> in batches; numbers are sent as JSON numbers.</summary>
    public async Task ReplayAsync(IReadOnlyList<Dictionary<string, string>> rows, IReadOnlyList<string> features, int batch)
    {
        for (var i = 0; i < rows.Count; i += batch)
        {
            var body = JsonSerializer.Serialize(rows.Skip(i).Take(batch).Select(r => features.ToDictionary(f => f, f =>
                double.TryParse(r[f], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (object)v : r[f])));
            using var response = await _http.PostAsync($"{Url}/score", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose()
    {
        if (!_server.HasExited) Process.Start("kill", ["-TERM", _server.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_server.WaitForExit(20_000)) _server.Kill(entireProcessTree: true);
        _server.Dispose();
        _http.Dispose();
    }

    /// <summary>A shared CSV as header → value rows, in file order (the time order of the stream data sets).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string file)
    {
        var lines = File.ReadAllLines(Workspace.Dataset(file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select((v, i) => (header[i], v)).ToDictionary(x => x.Item1, x => x.v)).ToList();
    }

    /// <summary>The rows as CSV text (header first), in the given column order.</summary>
    public static string ToCsv(IEnumerable<Dictionary<string, string>> rows, IReadOnlyList<string> columns) =>
        string.Join(",", columns) + "\n" + string.Concat(rows.Select(r => string.Join(",", columns.Select(c => r[c])) + "\n"));
}
