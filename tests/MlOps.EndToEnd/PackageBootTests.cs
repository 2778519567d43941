using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MlOps.Containers.Output;
using MlOps.Containers.Podman;
using MlOps.Models;

namespace MlOps.EndToEnd;

/// <summary>
/// The image `mlops package` builds, booted for real with podman + runc (private store, host network, loopback):
/// it becomes ready and answers /score exactly as the model scores offline; --validate gives the same verdict
/// itself and fails (exit 1) when the image is not ready in time. The CLI is published once (self-contained).
/// </summary>
[TestFixture, NonParallelizable, Platform("Linux")]
public partial class PackageBootTests
{
    private string _publish = "";
    private Workspace _ws = null!;

    [OneTimeSetUp]
    public void PublishAndRegister()
    {
        _publish = Path.Combine(Path.GetTempPath(), "mlops-publish-" + Guid.NewGuid().ToString("N")[..8]);
        Publish(_publish, TimeSpan.FromMinutes(6)); // the CLI, then mlops-serve into its serve/: two publishes
        _ws = new Workspace();
        _ws.WriteAdultConfig();
        Assert.That(_ws.Mlops("train", "--output", "out/model").ExitCode, Is.EqualTo(0));
        Assert.That(_ws.Mlops("register", "--model", "out/model").ExitCode, Is.EqualTo(0));
    }

    [OneTimeTearDown]
    public void Remove()
    {
        _ws?.Dispose();
        if (Directory.Exists(_publish)) Directory.Delete(_publish, recursive: true);
    }

    [Test, CancelAfter(180_000)]
    public async Task The_image_boots_with_podman_and_scores_adult_rows_as_the_model_does_offline(CancellationToken ct)
    {
        var package = MlOpsCli.RunWithin(TimeSpan.FromMinutes(2), _ws.Root, null,
            "package", "adult-income:1", "--app", _publish, "--output", "out/image", "--format", "docker-archive");
        Assert.That(package.ExitCode, Is.EqualTo(0), package.ToString());
        var result = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("out/image/package.json"))).RootElement;
        var rows = File.ReadLines(Workspace.Dataset("adult_test.csv")).Take(4).ToList();
        var expected = OfflineProbabilities(rows);

        using var podman = new PodmanSession();
        var image = await podman.LoadAsync(_ws.PathOf("out/image/image.tar"), ct);
        Assert.That("sha256:" + image, Is.EqualTo(result.GetProperty("configDigest").GetString()), "podman runs the image package.json describes");
        var port = FreePort();
        var container = await podman.StartAsync(image, ["--model", "/model", "--host", "127.0.0.1", "--port", port.ToString()], ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{port}";
        await WaitReady(http, url, podman, container, ct);

        await AssertScoresAsOffline(http, url, rows, expected, ct);
        await podman.StopAsync(container, ct);
        Assert.That(await podman.IsRunningAsync(container, ct), Is.False);
    }

    [Test, CancelAfter(180_000)]
    public void Validate_reports_latency_memory_and_size_and_fails_with_exit_1_when_not_ready_in_time()
    {
        var run = MlOpsCli.RunWithin(TimeSpan.FromMinutes(1.5), _ws.Root, null,
            "package", "adult-income:1", "--app", _publish, "--output", "out/validated", "--validate");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var validation = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("out/validated/package.json"))).RootElement.GetProperty("validation");
        Assert.That(validation.GetProperty("passed").GetBoolean(), Is.True, validation.ToString());
        Assert.That(validation.GetProperty("rows").GetInt32(), Is.EqualTo(100));
        Assert.That(validation.GetProperty("mismatches").GetInt32(), Is.EqualTo(0));
        Assert.That(validation.GetProperty("p99Milliseconds").GetDouble(), Is.GreaterThanOrEqualTo(validation.GetProperty("p50Milliseconds").GetDouble()).And.GreaterThan(0));
        Assert.That(validation.GetProperty("memoryBytes").GetInt64(), Is.GreaterThan(1_000_000));
        Assert.That(validation.GetProperty("compressedSize").GetInt64(), Is.LessThan(validation.GetProperty("uncompressedSize").GetInt64()));

        var late = MlOpsCli.RunWithin(TimeSpan.FromMinutes(1.5), _ws.Root, null,
            "package", "adult-income:1", "--app", _publish, "--output", "out/late", "--validate", "--ready-timeout", "0.2");
        Assert.That(late.ExitCode, Is.EqualTo(1), late.ToString());
        Assert.That(late.Stderr + late.Stdout, Does.Contain("not ready within 0.2 s"));
    }

    /// <summary>POSTs each CSV row (after the header) to /score, one per request, and checks it scores as offline.</summary>
    private static async Task AssertScoresAsOffline(HttpClient http, string url, IReadOnlyList<string> rows, double[] expected, CancellationToken ct)
    {
        var header = rows[0].Split(',');
        for (var i = 1; i < rows.Count; i++)
        {
            var record = header.Zip(rows[i].Split(',')).Where(c => c.First is not ("income" or "fnlwgt")) // the label, and the column mlops.yml excludes: not features
                .ToDictionary(c => c.First, c => double.TryParse(c.Second, out var n) ? (object)n : c.Second);
            var body = JsonSerializer.Serialize(new[] { record });
            using var response = await http.PostAsync($"{url}/score", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            var prediction = JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0];
            Assert.That(prediction.GetProperty("probability").GetDouble(), Is.EqualTo(expected[i - 1]).Within(1e-9), $"row {i}: {rows[i]}");
            Assert.That(prediction.GetProperty("label").GetString(), Is.EqualTo(expected[i - 1] >= 0.5 ? ">50K" : "<=50K"));
        }
    }

    [Test, CancelAfter(180_000)]
    public void The_adult_image_is_at_most_60_MB_compressed_with_only_the_server_in_the_app_layer_and_the_model_apart()
    {
        var run = MlOpsCli.RunWithin(TimeSpan.FromMinutes(2), _ws.Root, null,
            "package", "adult-income:1", "--app", _publish, "--output", "out/sized", "--format", "oci", "--cache", "cache-sized");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var image = OciLayoutReader.Read(_ws.PathOf("out/sized/oci"));
        var compressed = image.Layers.Sum(l => l.Size);
        TestContext.Out.WriteLine($"layers {string.Join(" + ", image.Layers.Select(l => $"{l.Size / 1e6:0.0}"))} = {compressed / 1e6:0.0} MB; "
            + $"build {JsonDocument.Parse(File.ReadAllText(_ws.PathOf("out/sized/package.json"))).RootElement.GetProperty("buildSeconds")} s");
        Assert.That(compressed, Is.LessThanOrEqualTo(60_000_000), "issue #6: image compressed size ≤ 60 MB (sum of the manifest's layer sizes)");
        Assert.That(image.LayerEntries[1], Does.Contain("app/mlops-serve").And.Contain("app/libcoreclr.so").And.Contain("app/Microsoft.ML.FastTree.dll")
            .And.Not.Contain("app/mlops").And.Not.Contain("app/mlops.dll").And.Not.Contain("app/createdump"),
            "the server with ML.NET, not the CLI or debugging helpers");
        Assert.That(image.LayerEntries[1], Does.Not.Contain("app/libonnxruntime.so"), "an ML.NET model never loads ONNX Runtime");
        Assert.That(image.LayerEntries[2], Does.Contain("model/model.zip"));
        Assert.That(run.Stdout, Does.Match(@"built adult-income:1 sha256:[0-9a-f]{64} in \d+\.\d s: \d+\.\d MB compressed \(base "));
    }

    [Test, CancelAfter(60_000)]
    public void The_images_entrypoint_refuses_a_bad_flag_or_model_with_exit_2_naming_it()
    {
        var server = Path.Combine(_publish, "serve", "mlops-serve");

        var badPort = RunProcess(server, "--model", "/model", "--port", "eighty");
        Assert.That(badPort.ExitCode, Is.EqualTo(2), badPort.ToString());
        Assert.That(badPort.Stderr, Does.Contain("port").And.Contain("bad format"));

        var noModel = RunProcess(server, "--model", _ws.PathOf("no-such-model"), "--port", "0");
        Assert.That(noModel.ExitCode, Is.EqualTo(2), noModel.ToString());
        Assert.That(noModel.Stderr, Does.Contain("no-such-model: model not found"));
    }

    private static CliRun RunProcess(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ORT_DISABLE_TELEMETRY"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not exit within 30 s");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The model's positive-class probabilities for the CSV rows, scored in this process.</summary>
    private double[] OfflineProbabilities(IReadOnlyList<string> csvLines)
    {
        var csv = _ws.Write("rows.csv", string.Join("\n", csvLines) + "\n");
        var model = Path.Combine(_ws.Root, ".mlops", "registry", "adult-income", "versions", "1", "artifacts");
        using var scoring = ModelLoader.Load(model);
        return scoring.Predict(ModelInput.LoadCsv(csv, scoring.Card)).Probabilities!;
    }

    private static async Task WaitReady(HttpClient http, string url, PodmanSession podman, string container, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"{url}/health/ready", ct)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100, ct);
        }
        Assert.Fail($"the container was not ready within 60 s:\n{await podman.LogsAsync(container, ct)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>dotnet publish of the CLI as the image needs it; outside the source tree (containers.md: else the Web SDK re-nests output).</summary>
    private static void Publish(string output, TimeSpan limit)
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MlOpsTasks.sln"))) root = root.Parent;
        Assert.That(root, Is.Not.Null, "MlOpsTasks.sln not found above the test folder");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root!.FullName };
        foreach (var a in new[] { "publish", "src/MlOps.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:DebugType=none", "-o", output, "-v", "q", "--nologo" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet publish did not finish within {limit.TotalMinutes:0} min");
        }
        Assert.That(process.ExitCode, Is.EqualTo(0), $"dotnet publish failed:\n{stdout.Result}\n{stderr.Result}");
    }
}
