using MlOps.Core.Errors;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>Labels joined by request id and row give live quality, compared with the version's offline evaluation.</summary>
[TestFixture]
public class MonitorQualityTests
{
    /// <summary>Labels for every row of Day(0, 10): "yes" exactly when the logged score is ≥ 0.5 (AUC 1), or the reverse (AUC 0).</summary>
    private static string Labels(MonitorWorkspace ws, bool right, int requests = 10, bool withRowColumn = true)
    {
        var lines = new List<string> { withRowColumn ? "requestId,row,y" : "requestId,y" };
        for (var r = 0; r < requests; r++)
        for (var i = 0; i < (withRowColumn ? 50 : 1); i++)
        {
            var u = ((r * 50 + i) * 0.618034) % 1;
            var yes = (u >= 0.5) == right;
            lines.Add(withRowColumn ? $"r0-{r},{i},{(yes ? "yes" : "no")}" : $"r0-{r},{(yes ? "yes" : "no")}");
        }
        File.WriteAllLines(ws.PathOf("labels.csv"), lines);
        return "labels.csv";
    }

    [Test]
    public async Task Live_auc_far_below_the_offline_evaluation_asks_for_retraining()
    {
        using var ws = new MonitorWorkspace("monitor: { min-rows: 200, quality: { auc: { max-drop: 0.03 } } }");
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10));
        ws.RecordOfflineAuc(0.91);

        var r = (await ws.RunAsync("requests.jsonl", labels: Labels(ws, right: false))).Report;

        var auc = r.Quality!.Metrics.Single(m => m.Metric == "auc");
        Assert.That(r.Quality.LabeledRows, Is.EqualTo(500));
        Assert.That(auc.Live, Is.EqualTo(0).Within(1e-9));
        Assert.That(auc.Offline, Is.EqualTo(0.91));
        Assert.That(auc.Passed, Is.False);
        Assert.That(r.Retrain, Is.True);
        Assert.That(r.Reasons, Has.Some.Contains("live auc 0.0000 breaks max drop 0.03 from offline 0.9100"));
        Assert.That(r.Quality.Offline, Does.Contain("gate-passed"));
    }

    [Test]
    public async Task Good_live_quality_passes_and_a_missing_offline_evaluation_is_said_not_guessed()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10));

        var r = (await ws.RunAsync("requests.jsonl", labels: Labels(ws, right: true))).Report;

        var auc = r.Quality!.Metrics.Single(m => m.Metric == "auc");
        Assert.That(auc.Live, Is.EqualTo(1).Within(1e-9));
        Assert.That(auc.Offline, Is.Null);
        Assert.That(auc.Passed, Is.Null, "a drop cannot be measured without the offline value");
        Assert.That(r.Notes, Has.Some.Contains("no offline evaluation of m:1"));
        Assert.That(r.Retrain, Is.False);
        Assert.That(File.ReadAllText(Path.Combine(ws.PathOf("out"), "monitor-report.md")), Does.Contain("reported without a comparison"));
    }

    [Test]
    public async Task Without_a_row_column_a_label_belongs_to_row_0_and_labels_of_unlogged_requests_are_reported()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 5));

        var r = (await ws.RunAsync("requests.jsonl", labels: Labels(ws, right: true, requests: 8, withRowColumn: false))).Report;

        Assert.That(r.Quality!.LabeledRows, Is.EqualTo(5));
        Assert.That(r.Quality.UnmatchedLabels, Is.EqualTo(3));
        Assert.That(r.Notes, Has.Some.Contains("labels.csv match no analysed log row").And.Contains("labels.csv:7 (r0-5)"));
    }

    [Test]
    public async Task A_labels_file_without_the_label_column_is_refused_naming_what_is_expected()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 5));
        File.WriteAllText(ws.PathOf("labels.csv"), "requestId,outcome\nr0-0,yes\n");

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync("requests.jsonl", labels: "labels.csv"));

        Assert.That(e!.Message, Does.Contain("labels.csv: no column 'y'").And.Contain("model.label").And.Contain("found: requestId, outcome"));
    }

    [Test]
    public async Task A_label_the_model_does_not_know_names_its_line()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 5));
        File.WriteAllText(ws.PathOf("labels.csv"), "requestId,row,y\nr0-0,0,yes\nr0-0,1,maybe\nr0-0,2,no\n");

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync("requests.jsonl", labels: "labels.csv"));

        Assert.That(e!.Message, Does.Contain("labels.csv").And.Contain("3 values"));
    }
}
