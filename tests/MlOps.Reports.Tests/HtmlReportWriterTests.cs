using System.Text.RegularExpressions;
using MlOps.Core.DataChecks;
using MlOps.Reports.Html;

namespace MlOps.Reports.Tests;

public class HtmlReportWriterTests
{
    [Test]
    public void Verdict_comes_first_and_every_failure_is_explained_escaped()
    {
        var html = HtmlReportWriter.Write(SampleReports.Binary());
        var verdict = html.IndexOf("<div id=\"verdict\" class=\"verdict fail\">❌ quality gate failed: auc regressed</div>", StringComparison.Ordinal);
        Assert.That(verdict, Is.GreaterThan(0), "the verdict banner is missing");
        Assert.That(verdict, Is.LessThan(html.IndexOf("id=\"gates\"", StringComparison.Ordinal)), "the verdict must come before the evidence");
        Assert.That(html, Does.Contain("<li>auc 0.8710 &lt; baseline 0.9215 &amp; regressed beyond the margin 0.005</li>"));
        Assert.That(html, Does.Contain("<tr class=\"failed\""), "the failing gate row is highlighted");
        Assert.That(html, Does.Contain("<td class=\"num\">[-0.0612, -0.0398]</td>"), "the 95% interval of the change is shown");
        Assert.That(html, Does.Contain("<td>ROC AUC</td><td class=\"num\">0.8710</td><td class=\"num\">0.9215</td><td class=\"num\">-0.0505</td>"));
        Assert.That(html, Does.Contain("sha256 <code>bbbbbbbbbbbb</code>"), "baseline identity with a short sha");
    }

    [Test]
    public void Passed_report_has_a_green_verdict_and_no_failure_list()
    {
        var html = HtmlReportWriter.Write(SampleReports.Regression());
        Assert.That(html, Does.Contain("class=\"verdict pass\">✅ quality gate passed"));
        Assert.That(html, Does.Not.Contain("Why it failed"));
    }

    [Test]
    public void Report_values_are_escaped_and_the_document_has_no_scripts_or_urls()
    {
        var html = HtmlReportWriter.Write(SampleReports.Binary());
        Assert.That(html, Does.Contain("<td>race=&lt;script&gt;alert(1)&lt;/script&gt;</td>"), "hostile slice value in the table");
        Assert.That(html, Does.Contain("<blockquote>slices of &#39;race&#39; under 200 rows are reported, not gated: &lt;script&gt;"), "hostile note");
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "self-contained: no link to any host");
        Assert.That(html, Does.Not.Match("(src|href)\\s*="), "no external resources of any kind");
    }

    [Test]
    public void Binary_report_draws_every_chart_with_an_id_and_an_accessible_title()
    {
        var report = SampleReports.Binary();
        var html = HtmlReportWriter.Write(report);
        foreach (var id in new[] { "roc-chart", "pr-chart", "calibration-chart", "slice-chart" })
            Assert.That(html, Does.Match($"<svg id=\"{id}\"[^>]*aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">"), id);
        var calibration = Regex.Match(html, "<svg id=\"calibration-chart\".*?</svg>").Value;
        var bins = report.Charts!.Candidate.Calibration.Count + report.Charts.Baseline!.Calibration.Count;
        Assert.That(Regex.Count(calibration, "<circle "), Is.EqualTo(bins), "one marker per calibration bin and model");
        Assert.That(calibration, Does.Contain($"{report.Charts.Candidate.Calibration[0].Rows} rows"), "markers say how many rows they stand for");
        var slices = Regex.Match(html, "<svg id=\"slice-chart\".*?</svg>").Value;
        Assert.That(Regex.Count(slices, "class=\"slice ungated\""), Is.EqualTo(1), "the 135-row slice is marked as not gated");
        var roc = Regex.Match(html, "<svg id=\"roc-chart\".*?</svg>").Value;
        Assert.That(roc, Does.Match("<path d=\"M[^\"]+\" fill=\"none\" stroke=\"#e36209\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>baseline</title>"),
            "the baseline curve is orange and dashed");
        Assert.That(roc, Does.Match("<path d=\"M[^\"]+\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"><title>candidate</title>"),
            "the candidate curve is blue and solid");
    }

    [Test]
    public void Regression_report_has_no_charts()
    {
        var html = HtmlReportWriter.Write(SampleReports.Regression());
        Assert.That(html, Does.Not.Contain("<svg"));
        Assert.That(html, Does.Contain("<td>RMSE</td><td class=\"num\">12.5000</td><td>lower</td>"), "no baseline columns without a baseline");
    }

    [Test]
    public void Drift_table_appears_only_when_there_is_drift()
    {
        Assert.That(HtmlReportWriter.Write(SampleReports.Binary(drift: [])), Does.Not.Contain("id=\"drift\""));
        var html = HtmlReportWriter.Write(SampleReports.Binary(drift:
            [new DriftResult("age", "numeric", 0.31, 0.12, false, "psi 0.31 > 0.2"), new DriftResult("sex", "categorical", 0.01, null, true)]));
        Assert.That(html, Does.Contain("<tr class=\"failed\"><td>age</td><td>numeric</td><td class=\"num\">0.3100</td><td class=\"num\">0.1200</td>" +
                                       "<td class=\"result fail\">FAIL</td><td>psi 0.31 &gt; 0.2</td></tr>"));
        Assert.That(html, Does.Contain("<td>sex</td><td>categorical</td><td class=\"num\">0.0100</td><td class=\"num\"></td><td class=\"result pass\">pass</td>"));
    }
}
