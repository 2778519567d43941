using MlOps.Core.Gates;
using MlOps.Reports;

namespace MlOps.Reports.Tests;

public class MarkdownReportWriterTests
{
    private static GateReport Report(bool passed, IReadOnlyList<GateCheck> gates) => new(
        "mlops gate · adult-income", passed ? "quality gate passed" : "quality gate failed: auc regressed", passed,
        "binary-classification",
        new ModelIdentity("runs/candidate", "/tmp/c", "aaaaaaaaaaaaaaaaaaaa", null),
        new ModelIdentity("adult-income@production", "/tmp/p", "bbbbbbbbbbbbbbbbbbbb", "adult-income:3"),
        new DataIdentity("/data/adult_test.csv", "cccccccccccccccc", 16281),
        [new MetricRow("auc", "ROC AUC", true, 0.871, 0.9215), new MetricRow("logloss", "Log loss", false, 0.35, 0.28)],
        gates, ["a note | with a pipe"], new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private static readonly GateCheck FailedAuc = new(GateKind.Baseline, "auc", "not worse than baseline by more than 0.005",
        0.871, 0.9215, 0.9165, false, "auc 0.8710 vs baseline 0.9215 (-0.0505, worse); regressed beyond the margin 0.005 (needed >= 0.9165)",
        Lower: -0.06, Upper: -0.041);

    [Test]
    public void Failed_report_leads_with_the_verdict_and_explains_every_failure()
    {
        var md = MarkdownReportWriter.Write(Report(false, [FailedAuc]));
        var lines = md.Split('\n');
        Assert.That(lines[0], Is.EqualTo("## mlops gate · adult-income: ❌ quality gate failed: auc regressed"));
        Assert.That(md, Does.Contain("| baseline | auc | not worse than baseline by more than 0.005 | 0.8710 | 0.9165 | **FAIL** |"));
        Assert.That(md, Does.Contain("**Why it failed**\n\n- auc 0.8710 vs baseline 0.9215 (-0.0505, worse)"));
        Assert.That(md, Does.Contain("| ROC AUC | 0.8710 | 0.9215 | -0.0505 | [-0.0600, -0.0410] | ❌ | higher |"), "gated metric: interval and mark");
        Assert.That(md, Does.Contain("| Log loss | 0.3500 | 0.2800 | +0.0700 |  |  | lower |"), "ungated metric: neither");
        Assert.That(md, Does.Contain("```mermaid\nxychart-beta\n    title \"candidate (first bar) vs baseline\"\n    x-axis [auc, logloss]\n"));
        Assert.That(md, Does.Contain("    bar [0.871, 0.35]\n    bar [0.9215, 0.28]\n```"));
        Assert.That(md, Does.Contain("- baseline: `adult-income@production` (sha256 `bbbbbbbbbbbb`)"));
        Assert.That(md, Does.Contain("> a note \\| with a pipe"), "pipes in notes must not break the table markup");
    }

    [Test]
    public void Passed_report_has_no_failure_section()
    {
        var md = MarkdownReportWriter.Write(Report(true, [FailedAuc with { Passed = true }]));
        Assert.That(md, Does.StartWith("## mlops gate · adult-income: ✅ quality gate passed"));
        Assert.That(md, Does.Not.Contain("Why it failed"));
    }

    [Test]
    public void Files_are_written_together_and_json_keeps_the_baseline_identity()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlops-report-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (json, md) = ReportFiles.Write(Report(false, [FailedAuc]), dir);
            Assert.That(File.ReadAllText(json), Does.Contain("\"sha256\": \"bbbbbbbbbbbbbbbbbbbb\"").And.Contain("\"kind\": \"baseline\""));
            Assert.That(File.Exists(md), Is.True);
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "report.json", "report.md", "report.html" }), "no temp files left");
            Assert.That(File.ReadAllText(Path.Combine(dir, "report.html")), Does.StartWith("<!DOCTYPE html>"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
