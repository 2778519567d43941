using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MlOps.Containers.Podman;
using MlOps.Steps.Common;

namespace MlOps.Steps.Package;

/// <summary>
/// Boots a built image with podman (private store, loopback only), waits for /health/ready, sends test rows one per
/// request, and checks the answers against offline scoring of the same model; measures readiness time, p50/p99
/// latency and memory. A verdict, not a crash: an image that is not ready in time or answers differently fails.
/// </summary>
public sealed class ImageValidator(StepContext context)
{
    public const int DefaultRows = 100;

    public async Task<ImageValidation> ValidateAsync(string imageArchive, IReadOnlyList<string> serveArgs, ValidationRows rows,
        long compressedSize, long uncompressedSize, TimeSpan readyTimeout, CancellationToken ct)
    {
        using var podman = new PodmanSession();
        context.Say("validate: loading the image into a private podman store");
        var image = await podman.LoadAsync(imageArchive, ct);
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        var container = await podman.StartAsync(image, [.. serveArgs, "--host", "127.0.0.1", "--port", port.ToString()], ct);
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var ready = await WaitReadyAsync(http, url, clock, readyTimeout, ct);
            if (ready is null)
            {
                var logs = (await podman.LogsAsync(container, ct)).Trim();
                var tail = string.Join('\n', logs.Split('\n').TakeLast(10));
                return Fail($"not ready within {readyTimeout.TotalSeconds:0.#} s{(tail.Length > 0 ? $"; container log:\n{tail}" : "")}");
            }
            context.Say($"validate: ready in {ready:0.00} s at {url}; scoring {rows.Requests.Count} test rows");

            var latencies = new List<double>();
            var mismatches = 0;
            string? first = null;
            for (var i = 0; i < rows.Requests.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync($"{url}/score", new StringContent(rows.Requests[i], Encoding.UTF8, "application/json"), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var actual = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("predictions")[0] : default;
                if (!response.IsSuccessStatusCode || !ValidationRows.Same(rows.Expected[i], actual))
                {
                    mismatches++;
                    first ??= $"row {i + 1}: offline {rows.Expected[i].GetRawText()}, image {(response.IsSuccessStatusCode ? actual.GetRawText() : $"HTTP {(int)response.StatusCode} {body}")}";
                }
            }
            var memory = await podman.MemoryBytesAsync(container, ct);
            latencies.Sort();
            var passed = mismatches == 0;
            return new ImageValidation(passed,
                passed ? $"ready in {ready:0.00} s, {rows.Requests.Count} predictions equal offline scoring"
                    : $"{mismatches} of {rows.Requests.Count} predictions differ from offline scoring; first: {first}",
                ready, rows.Requests.Count, mismatches, Percentile(latencies, 0.50), Percentile(latencies, 0.99), memory,
                compressedSize, uncompressedSize, first);
        }
        finally
        {
            await podman.StopAsync(container, CancellationToken.None);
        }

        ImageValidation Fail(string verdict) => new(false, verdict, null, 0, 0, null, null, null, compressedSize, uncompressedSize);
    }

    private static async Task<double?> WaitReadyAsync(HttpClient http, string url, Stopwatch clock, TimeSpan limit, CancellationToken ct)
    {
        while (clock.Elapsed < limit)
        {
            try
            {
                using var response = await http.GetAsync($"{url}/health/ready", ct);
                if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalSeconds;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100, ct);
        }
        return null;
    }

    /// <summary>Nearest rank on sorted values.</summary>
    private static double? Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)], 2);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
