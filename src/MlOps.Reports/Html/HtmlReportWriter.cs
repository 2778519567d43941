using System.Text;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Html;

/// <summary>
/// report.html: the same decisions as report.md, for a reviewer who opens the CI artifact in a browser, plus the
/// curves the markdown cannot show. One self-contained file (inline CSS and SVG, no scripts, fonts, images or URLs),
/// so it opens offline and cannot leak a request when viewed; verdict first, then why, then the evidence.
/// </summary>
public static class HtmlReportWriter
{
    public static string Write(GateReport r)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{E(r.Title)}: {E(r.Verdict)}</title>\n<style>{ReportStyles.Css}</style>\n</head>\n<body>\n<main>\n");
        WriteHeader(html, r);
        WriteGates(html, r);
        ReportTables.WriteOnline(html, r);
        WriteMetrics(html, r);
        WriteCharts(html, r);
        ReportTables.WriteSlices(html, r);
        ReportTables.WriteFairness(html, r);
        ReportTables.WriteDrift(html, r);
        WriteNotes(html, r);
        WriteCompared(html, r);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteHeader(StringBuilder html, GateReport r)
    {
        html.Append($"<header>\n<h1>{E(r.Title)}</h1>\n");
        html.Append($"<div id=\"verdict\" class=\"verdict {(r.Passed ? "pass" : "fail")}\">{(r.Passed ? "✅" : "❌")} {E(r.Verdict)}</div>\n");
        var against = r.Baseline is { } b ? $" vs {E(r.BaselineLabel)} <code>{E(b.Reference)}</code>" : "";
        html.Append($"<p class=\"meta\">{E(r.CandidateLabel)} <code>{E(r.Candidate.Reference)}</code>{against} · {E(r.Task)} · " +
                    $"{r.Data.Rows} rows · {r.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</p>\n</header>\n");
    }

    private static void WriteGates(StringBuilder html, GateReport r)
    {
        if (r.Gates.Count == 0) return;
        var withInterval = r.Gates.Any(g => g.Lower is not null && g.Upper is not null);
        html.Append("<section id=\"gates\">\n<h2>Gates</h2>\n<table>\n<thead><tr><th>gate</th><th>metric</th><th>rule</th>" +
                    "<th class=\"num\">value</th><th class=\"num\">limit</th>" +
                    (withInterval ? "<th class=\"num\">95% CI of change</th>" : "") + "<th>result</th></tr></thead>\n<tbody>\n");
        foreach (var g in r.Gates)
        {
            var interval = g is { Lower: { } lo, Upper: { } hi } ? $"[{Signed(lo)}, {Signed(hi)}]" : "";
            html.Append($"<tr class=\"{(g.Passed ? "passed" : "failed")}\" title=\"{E(g.Message)}\"><td>{g.Kind.ToString().ToLowerInvariant()}</td>" +
                        $"<td>{E(g.Metric)}</td><td>{E(g.Rule)}</td><td class=\"num\">{F(g.Candidate)}</td><td class=\"num\">{F(g.Limit)}</td>" +
                        (withInterval ? $"<td class=\"num\">{interval}</td>" : "") +
                        $"<td class=\"result {(g.Passed ? "pass\">pass" : "fail\">FAIL")}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        var failures = r.Gates.Where(g => !g.Passed).ToList();
        if (failures.Count > 0)
        {
            html.Append("<h3>Why it failed</h3>\n<ul class=\"failures\">\n");
            foreach (var f in failures) html.Append($"<li>{E(f.Message)}</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");
    }

    private static void WriteMetrics(StringBuilder html, GateReport r)
    {
        if (r.Metrics.Count == 0) return;
        var hasBaseline = r.Baseline is not null;
        html.Append($"<section id=\"metrics\">\n<h2>Metrics</h2>\n<table>\n<thead><tr><th>metric</th><th class=\"num\">{E(r.CandidateLabel)}</th>");
        if (hasBaseline) html.Append($"<th class=\"num\">{E(r.BaselineLabel)}</th><th class=\"num\">change</th>");
        html.Append("<th>better is</th></tr></thead>\n<tbody>\n");
        foreach (var m in r.Metrics)
        {
            html.Append($"<tr><td>{E(m.Title)}</td><td class=\"num\">{F(m.Candidate)}</td>");
            if (hasBaseline) html.Append($"<td class=\"num\">{F(m.Baseline)}</td><td class=\"num\">{Signed(m.Delta)}</td>");
            html.Append($"<td>{(m.HigherIsBetter ? "higher" : "lower")}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteCharts(StringBuilder html, GateReport r)
    {
        var charts = CurveCharts.Render(r).ToList();
        if (charts.Count == 0) return;
        html.Append("<section id=\"curves\">\n<h2>Curves</h2>\n<div class=\"charts\">\n");
        foreach (var (caption, svg) in charts) html.Append($"<figure><figcaption>{E(caption)}</figcaption>{svg}</figure>\n");
        html.Append("</div>\n</section>\n");
    }

    private static void WriteNotes(StringBuilder html, GateReport r)
    {
        if (r.Notes.Count == 0) return;
        html.Append("<section id=\"notes\">\n<h2>Notes</h2>\n");
        foreach (var n in r.Notes) html.Append($"<blockquote>{E(n)}</blockquote>\n");
        html.Append("</section>\n");
    }

    private static void WriteCompared(StringBuilder html, GateReport r)
    {
        html.Append("<section id=\"compared\">\n<h2>What was compared</h2>\n<ul>\n");
        html.Append($"<li>{E(r.CandidateLabel)}: <code>{E(r.Candidate.Reference)}</code> (sha256 <code>{E(Short(r.Candidate.Sha256))}</code>)</li>\n");
        if (r.Baseline is { } b)
            html.Append($"<li>{E(r.BaselineLabel)}: <code>{E(b.Reference)}</code>{(b.Version is { } v ? $" ({E(v)})" : "")} (sha256 <code>{E(Short(b.Sha256))}</code>)</li>\n");
        html.Append($"<li>data: <code>{E(Path.GetFileName(r.Data.Path))}</code>, {r.Data.Rows} rows (sha256 <code>{E(Short(r.Data.Sha256))}</code>)</li>\n");
        html.Append($"<li>task: {E(r.Task)}; generated {r.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by mlops</li>\n</ul>\n</section>\n");
    }
}
