// In-process cost of POST /score without HTTP, for bench/serving: the endpoint's handler (body reading, JSON,
// typing, ONNX Runtime, drift gauges, response writing) called on one thread with an in-memory request, so the
// number is what our code costs per request, free of Kestrel, the load generator and (mostly) the machine's other
// load. Each body is timed in REPEATS batches; the least time per request of a batch is reported (on a shared machine
// the fastest batch is the one least disturbed), with the process CPU time per request of that batch.
// Usage: ScoreCost MODEL_DIR BODY.json [BODY.json ...] [--seconds S] [--repeats R] [--drift-window ROWS]
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Core.DataChecks;
using MlOps.Models;
using MlOps.Server;

var positional = new List<string>();
var (seconds, repeats, driftRows) = (1.0, 7, ScoringServerOptions.DefaultDriftWindowRows);
for (var i = 0; i < args.Length; i++)
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--drift-window": driftRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: positional.Add(args[i]); break;
    }
var modelDir = positional[0];
using var model = ModelLoader.Load(modelDir);
var options = new ScoringServerOptions(DriftWindowRows: driftRows);
var profile = driftRows > 0 ? DataProfile.TryRead(modelDir) : null;
var drift = profile is null ? null : new DriftTracker(profile, model.Card, driftRows, NullLogger.Instance);
var endpoint = new ScoreEndpoint(model, options, model.Card.Name, new ServerMetrics(model.Card, model.Card.Name), drift, null, NullLogger.Instance);

foreach (var path in positional.Skip(1))
{
    var body = File.ReadAllBytes(path);
    var response = new MemoryStream();
    async Task Once()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body, writable: false);
        response.SetLength(0);
        http.Response.Body = response;
        await endpoint.HandleAsync(http);
        if (http.Response.StatusCode != 200) throw new InvalidOperationException($"{path}: status {http.Response.StatusCode}");
    }
    // Warm-up long enough for tiered compilation to reach its optimised code.
    for (var clock = Stopwatch.StartNew(); clock.Elapsed.TotalSeconds < Math.Max(2, seconds);) await Once();
    var best = (Wall: double.MaxValue, Cpu: 0.0);
    // Managed bytes allocated per request: what sets how often the garbage collector pauses a loaded server.
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    const int AllocationSamples = 200;
    for (var i = 0; i < AllocationSamples; i++) await Once();
    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / AllocationSamples;
    for (var r = 0; r < repeats; r++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed.TotalSeconds < seconds) { await Once(); n++; }
        var wall = clock.Elapsed.TotalMilliseconds / n;
        if (wall < best.Wall) best = (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(path)}: {best.Wall:0.0000} ms per request (least of {repeats}), CPU {best.Cpu:0.0000} ms, {response.Length} response bytes, {allocated} bytes allocated"));

    // Where the time goes: each stage of the handler alone, least time of the repeats.
    var table = DirectRowReader.TryRead(body, model.Card, options.MaxRows) ?? throw new InvalidOperationException($"{path}: not a body the direct reader takes");
    var predictions = model.Predict(table);
    var stages = new (string Name, Action Run)[]
    {
        ("read rows (direct)", () => DirectRowReader.TryRead(body, model.Card, options.MaxRows)),
        ("read rows (JsonDocument)", () => { using var d = RequestBody.Parse(body.AsMemory()); ScoreRequestReader.Read(d.RootElement, model.Card, options.MaxRows); }),
        ("predict", () => model.Predict(table)),
        ("drift", () => drift?.Observe(table, predictions)),
        ("write response", () => { response.SetLength(0); using var json = new System.Text.Json.Utf8JsonWriter(response); ScoreResponseWriter.Write(json, model.Card.Name, model.Card, predictions); }),
    };
    foreach (var (name, run) in stages)
    {
        var (least, cpuOfLeast) = (double.MaxValue, 0.0);
        for (var r = 0; r < repeats; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var n = 0;
            while (clock.Elapsed.TotalSeconds < seconds / 4) { run(); n++; }
            if (clock.Elapsed.TotalMilliseconds / n < least)
                (least, cpuOfLeast) = (clock.Elapsed.TotalMilliseconds / n, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {least:0.0000} ms, CPU {cpuOfLeast:0.0000} ms"));
    }
}
