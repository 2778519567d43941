using System.Text;
using MlOps.Reports.Html;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Monitor;

/// <summary>
/// monitor-report.html: the markdown report's content plus a per-window drift chart, in one self-contained file
/// (the gate report's inline CSS and SVG; no scripts, fonts or URLs).
/// </summary>
public static class MonitorHtmlWriter
{
    public static string Write(MonitorReport r, double? psiLimit)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{E(r.Title)}: {E(r.Verdict)}</title>\n<style>{ReportStyles.Css}</style>\n</head>\n<body>\n<main>\n");
        html.Append($"<header>\n<h1>{E(r.Title)}</h1>\n<div id=\"verdict\" class=\"verdict {(r.Retrain ? "fail" : "pass")}\">{MonitorMarkdownWriter.Icon(r)} {E(r.Verdict)}</div>\n");
        if (r.Reasons.Count > 0)
            html.Append("<ul class=\"failures\">\n").AppendJoin("", r.Reasons.Select(x => $"<li>{E(x)}</li>\n")).Append("</ul>\n");
        if (r.RetrainRun is { } run)
            html.Append($"<p>Retraining started: {E(run.Trigger)}, run <code>{E(run.Id)}</code>{(run.Url is { } u ? $" ({E(u)})" : "")}</p>\n");
        html.Append($"<p class=\"meta\"><code>{E(r.Model.Version)}</code> · {E(r.Model.Task)} · {r.Log.Rows} rows in {r.Log.Entries} requests" +
                    (r.Log.From is { } from ? $" · {from:yyyy-MM-dd HH:mm} – {r.Log.To:yyyy-MM-dd HH:mm} UTC" : "") + $" · min-rows {r.MinRows}</p>\n</header>\n");
        if (r.Features.Count > 0)
        {
            html.Append("<section id=\"drift\">\n<h2>Drift from the training data (all rows)</h2>\n");
            DriftTable(html, r.Prediction is null ? r.Features : [.. r.Features, r.Prediction]);
            html.Append("</section>\n");
        }
        WriteWindows(html, r, psiLimit);
        WriteQuality(html, r);
        WriteProblems(html, r.Log);
        if (r.Notes.Count > 0) html.Append("<section id=\"notes\">\n").AppendJoin("", r.Notes.Select(n => $"<blockquote>{E(n)}</blockquote>\n")).Append("</section>\n");
        html.Append($"<p class=\"muted\">Generated {r.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by mlops monitor from {r.Log.Files.Count} log file(s).</p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void DriftTable(StringBuilder html, IEnumerable<DriftRow> rows)
    {
        html.Append("<table>\n<thead><tr><th>feature</th><th>kind</th><th class=\"num\">PSI</th><th class=\"num\">KS</th><th>limit</th><th>result</th></tr></thead>\n<tbody>\n");
        foreach (var d in rows)
            html.Append($"<tr class=\"{(d.Passed ? "passed" : "failed")}\"><td>{E(d.Feature)}</td><td>{E(d.Kind)}</td><td class=\"num\">{F(d.Psi)}</td>" +
                        $"<td class=\"num\">{F(d.Ks)}</td><td>{E(MonitorMarkdownWriter.Limits(d))}</td>" +
                        $"<td class=\"result {(d.Passed ? "pass\">✅" : $"fail\">❌ {E(d.Detail)}")}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
    }

    private static void WriteWindows(StringBuilder html, MonitorReport r, double? psiLimit)
    {
        if (SvgWindowChart.Render("window-chart", r.Windows, psiLimit) is not { } chart) return;
        html.Append($"<section id=\"windows\">\n<h2>Per window ({E(r.Window)})</h2>\n<figure><figcaption>Largest PSI per window</figcaption>{chart}</figure>\n");
        html.Append("<table>\n<thead><tr><th>#</th><th>window</th><th class=\"num\">rows</th><th>worst drift</th><th class=\"num\">PSI</th><th class=\"num\">prediction PSI</th><th>drifted</th><th>result</th></tr></thead>\n<tbody>\n");
        foreach (var w in r.Windows)
        {
            var drifted = string.Join(", ", w.Features.Append(w.Prediction).OfType<DriftRow>().Where(d => !d.Passed).Select(d => d.Feature));
            html.Append($"<tr class=\"{(w.Gated && !w.Passed ? "failed" : "passed")}\"><td>{w.Index + 1}</td><td>{E(w.Label)}</td><td class=\"num\">{w.Rows}</td>" +
                        $"<td>{E(w.Worst?.Feature)}</td><td class=\"num\">{F(w.Worst?.Psi)}</td><td class=\"num\">{F(w.Prediction?.Psi)}</td><td>{E(drifted)}</td>" +
                        $"<td class=\"result {(!w.Gated ? "\">⚠️ under min-rows" : w.Passed ? "pass\">✅" : "fail\">❌")}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteQuality(StringBuilder html, MonitorReport r)
    {
        if (r.Quality is not { } q) return;
        html.Append($"<section id=\"quality\">\n<h2>Live quality ({q.LabeledRows} labelled rows)</h2>\n<table>\n<thead><tr><th>metric</th><th class=\"num\">live</th>" +
                    "<th class=\"num\">offline</th><th class=\"num\">change</th><th>limit</th><th>result</th></tr></thead>\n<tbody>\n");
        foreach (var m in q.Metrics)
            html.Append($"<tr class=\"{(m.Passed == false ? "failed" : "passed")}\"><td>{E(m.Title)}</td><td class=\"num\">{F(m.Live)}</td><td class=\"num\">{F(m.Offline)}</td>" +
                        $"<td class=\"num\">{Signed(m.Change)}</td><td>{E(m.Rule)}</td><td class=\"result {m.Passed switch { true => "pass\">✅", false => "fail\">❌", null => "\">" }}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
        html.Append(q.Offline is { } o ? $"<p class=\"muted\">Offline: {E(o)}.</p>\n" : "<p class=\"muted\">No offline evaluation is recorded for this version: live quality is reported without a comparison.</p>\n");
        html.Append("</section>\n");
    }

    private static void WriteProblems(StringBuilder html, LogSummary log)
    {
        if (log.Malformed == 0 && log.OtherVersions == 0) return;
        html.Append("<section id=\"left-out\">\n<h2>Left out of the analysis</h2>\n<ul>\n");
        if (log.OtherVersions > 0)
            html.Append($"<li>{log.OtherVersions} entries of other model versions ({E(string.Join(", ", log.OtherVersionCounts.Select(kv => $"{kv.Key}: {kv.Value}")))})</li>\n");
        if (log.Malformed > 0)
        {
            html.Append($"<li>{log.Malformed} malformed lines or rows:\n<ul>\n");
            foreach (var p in log.MalformedExamples) html.Append($"<li><code>{E(p.Location)}</code>: {E(p.Problem)}</li>\n");
            html.Append("</ul></li>\n");
        }
        html.Append("</ul>\n</section>\n");
    }
}
