using System.Text.Json;
using MlOps.Reports.Monitor;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>Drift over time, the verdict and what CI sees: the outputs, the three reports and the audit trail.</summary>
[TestFixture]
public class MonitorStepTests
{
    [Test]
    public async Task Drift_that_starts_on_the_third_day_shows_in_that_window_only_and_asks_for_retraining()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 20).Concat(MonitorWorkspace.Day(1, 20)).Concat(MonitorWorkspace.Day(2, 20, shift: 0.5)));

        var result = await ws.RunAsync("requests.jsonl", window: "1d");

        var r = result.Report;
        Assert.That(r.Status, Is.EqualTo(MonitorReport.StatusRetrain));
        Assert.That(r.Windows.Select(w => w.Passed), Is.EqualTo(new[] { true, true, false }));
        Assert.That(r.Windows.Select(w => w.Label), Is.EqualTo(new[] { "2026-03-01 00:00 +1d", "2026-03-02 00:00 +1d", "2026-03-03 00:00 +1d" }));
        Assert.That(r.Windows[2].Features.Single(f => f.Feature == "x").Passed, Is.False);
        Assert.That(r.Windows[2].Features.Single(f => f.Feature == "c").Passed, Is.True, "c did not change");
        Assert.That(r.Windows[2].Prediction!.Passed, Is.False, "the scores moved with x");
        Assert.That(r.Windows[0].Features.Single(f => f.Feature == "x").Psi, Is.LessThan(0.01));
        Assert.That(r.Windows[0].Features.Single(f => f.Feature == "x").Ks, Is.LessThan(0.03));
        Assert.That(r.Reasons, Has.Some.Contains("'x'").And.Contains("latest window 2026-03-03"));
        Assert.That(r.Log.Rows, Is.EqualTo(3000));
        Assert.That(ws.Out.ToString(), Does.Contain("output retrain=true").And.Contain("output retrain_reason=PSI of 'x'"));
        Assert.That(result.Retrain, Is.True);
    }

    [Test]
    public async Task Stable_traffic_needs_no_retraining_and_says_so_in_all_three_reports()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 20).Concat(MonitorWorkspace.Day(1, 20)));

        var result = await ws.RunAsync("requests.jsonl", window: "12h");

        Assert.That(result.Retrain, Is.False);
        Assert.That(result.Report.Windows, Has.Count.EqualTo(4));
        Assert.That(ws.Out.ToString(), Does.Contain("output retrain=false"));
        using var json = JsonDocument.Parse(File.ReadAllText(result.JsonPath));
        Assert.That(json.RootElement.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(json.RootElement.GetProperty("features").GetArrayLength(), Is.EqualTo(2));
        var md = File.ReadAllText(result.MarkdownPath);
        Assert.That(md.Split('\n')[0], Does.Contain("✅ no retrain needed"), "verdict first");
        Assert.That(md, Does.Contain("| x | numeric |").And.Contain("| c | categorical |").And.Contain("PSI < 0.2"));
        var html = File.ReadAllText(result.HtmlPath);
        Assert.That(html, Does.Contain("<svg id=\"window-chart\"").And.Contain("no retrain needed"));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http://").And.Not.Contain("https://"), "self-contained");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(result.JsonPath)!).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "monitor-report.json", "monitor-report.md", "monitor-report.html" }), "no temp files left");
    }

    [Test]
    public async Task Too_few_rows_is_insufficient_data_not_a_verdict_even_when_they_drift()
    {
        using var ws = new MonitorWorkspace("monitor: { min-rows: 5000 }");
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10, shift: 0.5));

        var result = await ws.RunAsync("requests.jsonl");

        Assert.That(result.Report.Status, Is.EqualTo(MonitorReport.StatusInsufficient));
        Assert.That(result.Retrain, Is.False);
        Assert.That(result.Report.Verdict, Does.Contain("insufficient data: 500 rows logged, monitor.min-rows is 5000"));
        Assert.That(ws.Out.ToString(), Does.Contain("output retrain=false").And.Contain("output monitor_status=insufficient-data"));
    }

    [Test]
    public async Task Row_windows_cut_the_log_in_order_and_the_last_short_window_is_shown_but_not_decided_on()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10).Concat(MonitorWorkspace.Day(1, 5, shift: 0.5)).Concat(MonitorWorkspace.Day(2, 1)));

        var r = (await ws.RunAsync("requests.jsonl", window: "250 rows")).Report;

        Assert.That(r.Windows.Select(w => w.Rows), Is.EqualTo(new long[] { 250, 250, 250, 50 }));
        Assert.That(r.Windows.Select(w => w.Gated), Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(r.Windows.Select(w => w.Label).Take(2), Is.EqualTo(new[] { "rows 1–250", "rows 251–500" }));
        Assert.That(r.Windows.Select(w => w.Passed).Take(3), Is.EqualTo(new[] { true, true, false }), "rows 501-750 are shifted");
        Assert.That(r.Reasons, Has.Some.Contains("latest window rows 501–750"), "the short last window does not hide the drift");
        Assert.That(r.Notes, Has.Some.Contains("under 200 rows"));
    }

    [Test]
    public async Task A_folder_of_logs_is_read_in_name_order_and_the_verdict_is_added_to_the_audit_trail()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("logs/b.jsonl", MonitorWorkspace.Day(1, 10, prefix: "b"));
        ws.WriteLog("logs/a.jsonl", MonitorWorkspace.Day(0, 10, prefix: "a"));
        File.WriteAllText(ws.PathOf("logs/notes.txt"), "not a log");

        var r = (await ws.RunAsync("logs", window: "500 rows")).Report;

        Assert.That(r.Log.Files.Select(Path.GetFileName), Is.EqualTo(new[] { "a.jsonl", "b.jsonl" }));
        Assert.That(r.Windows[0].From, Is.EqualTo(MonitorWorkspace.Day0), "a.jsonl first");
        var last = ws.Registry.Audit.Read().Lines[^1].Event;
        Assert.That(last.Event, Is.EqualTo("monitored"));
        Assert.That(last.Version, Is.EqualTo(1));
        Assert.That(last.Details!["status"], Is.EqualTo("ok"));
        Assert.That(last.Report, Does.EndWith("monitor-report.json"));
    }
}
