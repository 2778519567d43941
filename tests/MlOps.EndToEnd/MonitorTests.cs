using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops monitor` on traffic replayed in time order through a served model: the drift the data sets' README describes
/// shows up in the windows where it happens, and labels reveal what drift alone does not.
/// </summary>
[TestFixture, NonParallelizable]
public class MonitorTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// ELEC2: Victoria's price, demand and transfer are constant in the first 17,424 rows and live afterwards. Trained on
    /// rows 0–9,999 and replayed from row 10,000 in windows of 5,000 rows, the first window (rows 10,000–14,999) shows
    /// no Victoria drift and every window from row 20,000 on does. `date` is excluded: it is a clock, and would drift in
    /// every window by construction.
    /// </summary>
    [Test, CancelAfter(120_000)]
    public async Task Elec2_victoria_features_drift_from_the_window_where_victoria_data_starts()
    {
        var started = DateTime.UtcNow;
        using var ws = new Workspace();
        var rows = ReplayServer.ReadCsv("elec2_electricity.csv");
        var columns = rows[0].Keys.ToList();
        ws.Write("data/train.csv", ReplayServer.ToCsv(rows.Take(10_000), columns));
        const string config = """
            model: { name: elec, task: binary-classification, label: class, positive: UP }
            data: { train: data/train.csv, exclude: [date] }
            train: { mlnet: { trees: 50 } }
            monitor: { min-rows: 1000, drift: { psi: "< 0.2" } }
            """;
        ws.Write("mlops.yml", config);
        Assert.That(ws.Mlops("train", "--output", "run").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "run").Stdout, Does.Contain("elec:1"));

        using (var server = new ReplayServer(ws, "elec:1", "logs/requests.jsonl"))
            await server.ReplayAsync(rows.Skip(10_000).ToList(), ["day", "period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"], batch: 500);

        var run = MlOpsCli.RunWithin(Limit, ws.Root, null, "monitor", "elec:1", "--log", "logs", "--window", "5000 rows", "--output", "monitor");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("output retrain=true"));
        using var report = JsonDocument.Parse(File.ReadAllText(ws.PathOf("monitor/monitor-report.json")));
        var windows = report.RootElement.GetProperty("windows").EnumerateArray().ToList();
        Assert.That(windows, Has.Count.EqualTo(8), "35,312 rows in windows of 5,000");
        string[] victoria = ["vicprice", "vicdemand", "transfer"];
        Assert.That(Drifted(windows[0]).Intersect(victoria), Is.Empty, "rows 10,000-14,999: Victoria is still constant");
        foreach (var w in windows.Skip(2).Take(5))
            Assert.That(Drifted(w), Is.SupersetOf(victoria), $"{w.GetProperty("label")}: Victoria data is live");
        Assert.That(report.RootElement.GetProperty("status").GetString(), Is.EqualTo("retrain"));
        var md = File.ReadAllText(ws.PathOf("monitor/monitor-report.md"));
        Assert.That(md.Split('\n')[0], Does.StartWith("## mlops monitor · elec: ❌ retrain:"));
        TestContext.Out.WriteLine(md);

        var trigger = MlOpsCli.RunWithin(Limit, ws.Root, null, "monitor", "elec:1", "--log", "logs", "--trigger", "--output", "monitor2");
        Assert.That(trigger.ExitCode, Is.EqualTo(2), trigger.ToString());
        Assert.That(trigger.ToString(), Does.Contain("no retrain trigger configured: add retrain.trigger to mlops.yml"));
        Assert.That(Directory.Exists(ws.PathOf("monitor2")), Is.False, "refused before anything was written");

        // With retrain.trigger configured, the crossed limit starts the retrain workflow (a fake GitHub here).
        await using var github = await MlOps.CiHosts.Tests.Retrain.FakeGitHub.StartNewAsync();
        ws.Write("mlops.yml", config + "\nretrain: { trigger: { github: { repository: contoso/churn-model, workflow: nightly-retrain.yml, ref: main } } }\n");
        var env = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUri.ToString().TrimEnd('/'),
            ["MLOPS_GITHUB_TOKEN"] = MlOps.CiHosts.Tests.Retrain.FakeGitHub.Token,
        };
        var triggered = MlOpsCli.RunWithin(Limit, ws.Root, env, "monitor", "elec:1", "--log", "logs", "--trigger", "--output", "monitor3");
        Assert.That(triggered.ExitCode, Is.EqualTo(1), triggered.ToString());
        Assert.That(triggered.Stdout, Does.Contain("output retrain_run="));
        var dispatch = github.Requests.Single();
        Assert.That(dispatch.Path, Is.EqualTo("/repos/contoso/churn-model/actions/workflows/nightly-retrain.yml/dispatches"));
        var sent = System.Text.Json.Nodes.JsonNode.Parse(dispatch.Body)!;
        Assert.That(sent["ref"]!.GetValue<string>(), Is.EqualTo("main"));
        Assert.That(sent["inputs"]!["model"]!.GetValue<string>(), Is.EqualTo("elec"));
        Assert.That(sent["inputs"]!["reason"]!.GetValue<string>(), Does.StartWith("elec:1: ").And.Contain("PSI of "));
        Assert.That(sent["inputs"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "model", "reason" }), "what pipelines/github/nightly-retrain.yml declares");
        Assert.That(triggered.ToString(), Does.Not.Contain(MlOps.CiHosts.Tests.Retrain.FakeGitHub.Token), "the token is never printed");
        using var triggeredReport = JsonDocument.Parse(File.ReadAllText(ws.PathOf("monitor3/monitor-report.json")));
        Assert.That(triggeredReport.RootElement.ToString(), Does.Contain("nightly-retrain.yml"), "the report links the retrain run");
        Assert.That(DateTime.UtcNow - started, Is.LessThan(Limit));
    }

    /// <summary>
    /// Bike sharing: trained and evaluated on 2011, then serving 2012, which is much busier. The features (season,
    /// hour, weather) look like 2011, so drift alone says little; the labels show live RMSE far above the offline
    /// evaluation, and monitoring asks for retraining on quality. `yr` is excluded (constant in training: it would
    /// drift by construction), as are the row id, the date and casual/registered (they sum to the label).
    /// </summary>
    [Test, CancelAfter(120_000)]
    public async Task Bike_sharing_2012_traffic_fails_on_live_quality_against_the_2011_evaluation()
    {
        using var ws = new Workspace();
        var rows = ReplayServer.ReadCsv("bike_sharing_hour.csv");
        var columns = rows[0].Keys.ToList();
        var y2011 = rows.Where(r => r["yr"] == "0").ToList();
        ws.Write("data/train.csv", ReplayServer.ToCsv(y2011.Where((_, i) => i % 5 != 0), columns));
        ws.Write("data/test.csv", ReplayServer.ToCsv(y2011.Where((_, i) => i % 5 == 0), columns));
        ws.Write("mlops.yml", """
            model: { name: bikes, task: regression, label: cnt }
            data: { train: data/train.csv, test: data/test.csv, exclude: [instant, dteday, casual, registered, yr] }
            train: { mlnet: { trees: 100 } }
            evaluate: { baseline: false }
            monitor: { min-rows: 1000, quality: { rmse: { max-drop: "25%" } } }
            """);
        Assert.That(ws.Mlops("train", "--output", "run").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("evaluate", "--model", "run").ExitCode, Is.EqualTo(0), "the offline evaluation the live quality is compared with");
        Assert.That(ws.Mlops("register", "--model", "run").ExitCode, Is.EqualTo(0));

        var y2012 = rows.Where(r => r["yr"] == "1").ToList();
        string[] features = ["season", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed"];
        const int batch = 250;
        using (var server = new ReplayServer(ws, "bikes:1", "requests.jsonl"))
            await server.ReplayAsync(y2012, features, batch);
        // Requests were sent one after another, so the n-th logged request holds batch n: label each of its rows.
        var ids = File.ReadLines(ws.PathOf("requests.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("requestId").GetString()!).ToList();
        Assert.That(ids, Has.Count.EqualTo((y2012.Count + batch - 1) / batch));
        ws.Write("labels.csv", "requestId,row,cnt\n" + string.Concat(y2012.Select((r, i) => $"{ids[i / batch]},{i % batch},{r["cnt"]}\n")));

        var run = MlOpsCli.RunWithin(Limit, ws.Root, null, "monitor", "bikes:1", "--log", "requests.jsonl", "--labels", "labels.csv", "--output", "monitor");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(ws.PathOf("monitor/monitor-report.json")));
        var quality = report.RootElement.GetProperty("quality");
        Assert.That(quality.GetProperty("labeledRows").GetInt64(), Is.EqualTo(y2012.Count));
        var rmse = quality.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "rmse");
        Assert.That(rmse.GetProperty("passed").GetBoolean(), Is.False);
        Assert.That(report.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("passed").GetBoolean()), Is.All.True,
            "2012 has 2011's seasons, hours and weather: the inputs alone do not show the change");
        Assert.That(rmse.GetProperty("live").GetDouble(), Is.GreaterThan(1.25 * rmse.GetProperty("offline").GetDouble()));
        Assert.That(report.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), Has.Some.Contains("live rmse"));
        TestContext.Out.WriteLine(File.ReadAllText(ws.PathOf("monitor/monitor-report.md")));
    }

    private static IEnumerable<string> Drifted(JsonElement window) =>
        window.GetProperty("features").EnumerateArray().Where(f => !f.GetProperty("passed").GetBoolean()).Select(f => f.GetProperty("feature").GetString()!);
}
