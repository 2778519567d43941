using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// Canary rollouts on the local target for real: `mlops deploy` starts server processes behind the router process,
/// and a client loop keeps scoring through the environment's URL for the whole rollout.
/// </summary>
[TestFixture, NonParallelizable]
public class CanaryDeployTests
{
    private const string Row = "breast_cancer_wisconsin.csv";

    private static string Config(string analysis) => $$"""
        model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
        data: { train: {{Workspace.Dataset(Row)}} }
        train: { mlnet: { trees: 20 } }
        deploy:
          test:
            target: local
            rollout: { strategy: canary, steps: [10, 50, 100], interval: 2s, ready-timeout: 60s, analysis: {{analysis}} }
        """;

    /// <summary>cancer:1 live in test through the router, cancer:2 (the same model) registered; returns the router URL.</summary>
    private static string LiveVersionOne(Workspace ws, string analysis = "{ max-error-rate: 0.01, max-p99-ms: 5000, min-requests: 0 }")
    {
        ws.Write("mlops.yml", Config(analysis));
        Assert.That(ws.Mlops("train", "--output", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "cancer:1").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "m").ExitCode, Is.EqualTo(0));
        var first = ws.Mlops("deploy", "--env", "test");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Stdout, Does.Contain("nothing live in test: deploying cancer:1 directly"));
        return first.Stdout.Trim().Split('\n').Last().Trim();
    }

    private static JsonElement State(Workspace ws, string file) =>
        JsonDocument.Parse(File.ReadAllText(ws.PathOf($".mlops/deploy/{file}"))).RootElement;

    private static IEnumerable<JsonElement> Audit(Workspace ws) =>
        File.ReadLines(ws.PathOf(".mlops/registry/events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement);

    [Test]
    public async Task A_good_version_goes_10_50_100_and_the_old_process_is_gone()
    {
        using var ws = new Workspace();
        var url = LiveVersionOne(ws);
        try
        {
            var oldPid = State(ws, "test.json").GetProperty("processId").GetInt32();
            await using var client = ClientLoop.Start(url);
            var deploy = ws.Mlops("deploy", "--env", "test", "--model", "cancer:2");
            var answers = await client.StopAsync();

            Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.ToString());
            Assert.That(deploy.Stdout, Does.Contain("step  10%").And.Contain("step  50%").And.Contain("step 100%"));
            Assert.That(deploy.Stdout, Does.Contain("promoted cancer:2"));
            Assert.That(deploy.Stdout.Trim().Split('\n').Last().Trim(), Is.EqualTo(url), "the environment keeps its URL");
            Assert.That(IsRunning(oldPid), Is.False, "the old version's server was stopped");
            Assert.That(answers, Is.Not.Empty);
            Assert.That(answers.Where(a => a.Status != 200), Is.Empty, "no client request failed during the rollout");
            Assert.That(answers.Last().Variant, Is.EqualTo("cancer:2"));
            Assert.That((await ClientLoop.ScoreOnceAsync(url)).Variant, Is.EqualTo("cancer:2"));

            var trail = Audit(ws).ToList();
            Assert.That(trail.Where(e => e.GetProperty("event").GetString() == "canary-step")
                .Select(e => e.GetProperty("details").GetProperty("percent").GetString()), Is.EqualTo(new[] { "10", "50", "100" }));
            var deployed = trail.Last(e => e.GetProperty("event").GetString() == "deployed");
            Assert.That((deployed.GetProperty("version").GetInt32(), deployed.GetProperty("details").GetProperty("rollout").GetString()), Is.EqualTo((2, "canary")));
        }
        finally
        {
            Assert.That(ws.Mlops("deploy", "--env", "test", "--stop").ExitCode, Is.EqualTo(0));
        }
    }

    [Test]
    public async Task A_version_that_never_gets_ready_is_rolled_back_and_clients_only_ever_see_the_old_one()
    {
        using var ws = new Workspace();
        var url = LiveVersionOne(ws);
        try
        {
            // A model folder whose server cannot load the model: it never answers /health/ready.
            Directory.CreateDirectory(ws.PathOf("broken"));
            foreach (var file in Directory.GetFiles(ws.PathOf("m"))) File.Copy(file, ws.PathOf(Path.Combine("broken", Path.GetFileName(file))));
            File.WriteAllText(ws.PathOf("broken/model.zip"), "not a zip");

            await using var client = ClientLoop.Start(url);
            await Task.Delay(1000);
            var deploy = ws.Mlops("deploy", "--env", "test", "--model", ws.PathOf("broken"));
            await Task.Delay(1000);
            var answers = await client.StopAsync();

            Assert.That(deploy.ExitCode, Is.EqualTo(1), deploy.ToString());
            Assert.That(deploy.Stdout + deploy.Stderr, Does.Contain("never became ready").And.Contain("rolled back"));
            Assert.That(deploy.Stdout + deploy.Stderr, Does.Contain("cancer:1 still serves " + url));
            Assert.That(answers.Count, Is.GreaterThan(10));
            Assert.That(answers.Where(a => a.Status != 200 || a.Variant != "cancer:1"), Is.Empty,
                "every request during the rollout was answered 2xx by the old version");
            Assert.That(File.Exists(ws.PathOf(".mlops/deploy/test.candidate.json")), Is.False, "no candidate is left behind");
            var rolledBack = Audit(ws).Last();
            Assert.That(rolledBack.GetProperty("event").GetString(), Is.EqualTo("rolled-back"));
            Assert.That(rolledBack.GetProperty("version").GetInt32(), Is.EqualTo(1), "the environment runs version 1 again");
        }
        finally
        {
            Assert.That(ws.Mlops("deploy", "--env", "test", "--stop").ExitCode, Is.EqualTo(0));
        }
    }

    [Test]
    public async Task A_version_that_fails_on_the_project_s_rows_is_rolled_back_before_it_gets_traffic()
    {
        using var ws = new Workspace();
        var url = LiveVersionOne(ws);
        try
        {
            // A model of another data set: ready (it scores its own rows) but every cancer row is an error.
            ws.Write("iris.yml", $$"""
                model: { name: iris, task: multiclass-classification, label: species }
                data: { train: {{Workspace.Dataset("iris.csv")}} }
                train: { mlnet: { trees: 5 } }
                """);
            Assert.That(ws.Mlops("train", "--config", "iris.yml", "--output", "iris").ExitCode, Is.EqualTo(0));

            await using var client = ClientLoop.Start(url);
            var deploy = ws.Mlops("deploy", "--env", "test", "--model", ws.PathOf("iris"));
            var answers = await client.StopAsync();

            Assert.That(deploy.ExitCode, Is.EqualTo(1), deploy.ToString());
            Assert.That(deploy.Stdout, Does.Contain("smoke test failed before any traffic").And.Contain("answered 400"));
            Assert.That(deploy.Stdout, Does.Not.Contain("step  10%"), "it never took a share of the traffic");
            Assert.That(answers.Where(a => a.Status != 200 || a.Variant != "cancer:1"), Is.Empty);
            Assert.That((await ClientLoop.ScoreOnceAsync(url)).Variant, Is.EqualTo("cancer:1"));
        }
        finally
        {
            Assert.That(ws.Mlops("deploy", "--env", "test", "--stop").ExitCode, Is.EqualTo(0));
        }
    }

    private static bool IsRunning(int pid)
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

    /// <summary>Scores the first row of the data set through the router, over and over, until stopped.</summary>
    private sealed class ClientLoop : IAsyncDisposable
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(int Status, string Variant)> _answers = new();
        private Task _loop = Task.CompletedTask;

        public static ClientLoop Start(string url)
        {
            var client = new ClientLoop();
            client._loop = Task.Run(async () =>
            {
                while (!client._stop.IsCancellationRequested)
                {
                    client._answers.Enqueue(await ScoreOnceAsync(url));
                    await Task.Delay(10);
                }
            });
            return client;
        }

        public static async Task<(int Status, string Variant)> ScoreOnceAsync(string url)
        {
            var header = File.ReadLines(Workspace.Dataset(Row)).First().Split(',');
            var values = File.ReadLines(Workspace.Dataset(Row)).Skip(1).First().Split(',');
            var row = header.Zip(values).Where(p => p.First != "diagnosis")
                .ToDictionary(p => p.First, p => double.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                using var response = await Http.PostAsync(url + "/score", new StringContent(JsonSerializer.Serialize(new[] { row }), Encoding.UTF8, "application/json"));
                return ((int)response.StatusCode, response.Headers.TryGetValues("X-Mlops-Variant", out var v) ? v.Single() : "");
            }
            catch (HttpRequestException e)
            {
                return (0, e.Message); // a refused connection is a failed request too
            }
        }

        public async Task<List<(int Status, string Variant)>> StopAsync()
        {
            _stop.Cancel();
            await _loop;
            return _answers.ToList();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested) await StopAsync();
            _stop.Dispose();
        }
    }
}
