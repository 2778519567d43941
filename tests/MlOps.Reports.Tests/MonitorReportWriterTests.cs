using MlOps.Reports.Monitor;

namespace MlOps.Reports.Tests;

/// <summary>Feature names, labels and problems come from users' data and logs: they are text in every report, never markup.</summary>
public class MonitorReportWriterTests
{
    private static MonitorReport Report(string feature) =>
        new(MonitorReport.CurrentSchema, "mlops monitor · m", MonitorReport.StatusRetrain, $"retrain: PSI of '{feature}' 1.0000 breaks < 0.2", true,
            [$"PSI of '{feature}' 1.0000 breaks < 0.2 (all 1000 rows)"],
            new MonitoredModel("m:1", "m:1", "binary-classification", new string('a', 64)),
            new LogSummary(["/logs/a.jsonl"], 10, 1000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1,
                [new LogProblem("/logs/a.jsonl:3", $"feature '{feature}' is missing")], 0, new Dictionary<string, long>()),
            500, "500 rows",
            [new DriftRow(feature, "categorical", 1000, 1.0, null, "< 0.2", null, false, $"PSI of '{feature}' 1.0000 breaks < 0.2")],
            null,
            [new WindowRow(0, "rows 1–500", null, null, 500, true, false, [new DriftRow(feature, "categorical", 500, 1.0, null, "< 0.2", null, false)], null),
             new WindowRow(1, "rows 501–1000", null, null, 500, true, true, [new DriftRow(feature, "categorical", 500, 0.01, null, "< 0.2", null, true)], null)],
            null, null, [], DateTimeOffset.UnixEpoch);

    [Test]
    public void A_hostile_feature_name_is_escaped_in_html_and_table_safe_in_markdown()
    {
        const string feature = "<img src=x onerror=alert(1)>|col";
        var html = MonitorHtmlWriter.Write(Report(feature), 0.2);
        Assert.That(html, Does.Not.Contain("<img"));
        Assert.That(html, Does.Contain("&lt;img src=x onerror=alert(1)&gt;|col"));
        var md = MonitorMarkdownWriter.Write(Report(feature));
        Assert.That(md, Does.Contain("<img src=x onerror=alert(1)>\\|col"), "a | would split the table row");
    }

    [Test]
    public void The_window_chart_draws_a_red_bar_for_the_drifted_window_and_the_limit_line()
    {
        var html = MonitorHtmlWriter.Write(Report("c"), 0.2);
        Assert.That(html, Does.Contain("<svg id=\"window-chart\""));
        Assert.That(html, Does.Contain("fill=\"#cf222e\"><title>rows 1–500: c PSI 1.0000"));
        Assert.That(html, Does.Contain("<title>PSI limit 0.2000</title>"));
    }
}
