using System.Text;
using MlOps.Core.Slicing;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Html;

/// <summary>The optional sections: slices (chart + table), fairness and drift. Each is omitted when it has no data.</summary>
internal static class ReportTables
{
    public static void WriteOnline(StringBuilder html, GateReport r)
    {
        if (r.Online is not { } s) return;
        html.Append($"<section id=\"online\">\n<h2>{E(Online.OnlineAbText.Heading(s))}</h2>\n<table>\n<thead><tr><th></th>" +
                    $"<th class=\"num\">{E(r.BaselineLabel)}</th><th class=\"num\">{E(r.CandidateLabel)}</th></tr></thead>\n<tbody>\n");
        foreach (var (name, champion, challenger) in Online.OnlineAbText.Rows(s))
            html.Append($"<tr><td>{E(name)}</td><td class=\"num\">{E(champion)}</td><td class=\"num\">{E(challenger)}</td></tr>\n");
        html.Append($"</tbody>\n</table>\n<p>{E(Online.OnlineAbText.Finding(s))}</p>\n</section>\n");
    }

    public static void WriteSlices(StringBuilder html, GateReport r)
    {
        if (SvgSliceChart.Render("slice-chart", r) is not { } chart) return;
        var metric = r.Metrics[0];
        html.Append($"<section id=\"slices\">\n<h2>Slices <span class=\"muted\">({E(metric.Title)}; slices under the minimum size are shown but not gated)</span></h2>\n");
        html.Append($"<figure>{chart}</figure>\n");
        html.Append($"<details><summary>Slice table</summary>\n<table>\n<thead><tr><th>slice</th><th class=\"num\">rows</th>" +
                    $"<th class=\"num\">{E(r.CandidateLabel)}</th><th class=\"num\">{E(r.BaselineLabel)}</th><th class=\"num\">change</th><th>gated</th></tr></thead>\n<tbody>\n");
        foreach (var s in r.Slices!)
        {
            var c = s.Candidate.TryGetValue(metric.Name, out var cv) ? cv : double.NaN;
            double? b = s.Baseline is { } bd && bd.TryGetValue(metric.Name, out var bv) ? bv : null;
            html.Append($"<tr><td>{E(s.Column)}={E(s.Value)}</td><td class=\"num\">{s.Rows}</td><td class=\"num\">{F(c)}</td>" +
                        $"<td class=\"num\">{F(b)}</td><td class=\"num\">{(b is { } x ? Signed(c - x) : "")}</td><td>{(s.Gated ? "yes" : "no (too small)")}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</details>\n</section>\n");
    }

    public static void WriteFairness(StringBuilder html, GateReport r)
    {
        if (r.Fairness is not { } f) return;
        html.Append($"<section id=\"fairness\">\n<h2>Fairness over <code>{E(f.Sensitive)}</code></h2>\n<table>\n" +
                    $"<thead><tr><th>metric</th><th class=\"num\">{E(r.CandidateLabel)}</th>" +
                    (f.Baseline is null ? "" : $"<th class=\"num\">{E(r.BaselineLabel)}</th>") + "<th>better is</th></tr></thead>\n<tbody>\n");
        foreach (var (name, higherIsBetter) in FairnessReport.Names)
            html.Append($"<tr><td>{E(name)}</td><td class=\"num\">{Value(f.Candidate, name)}</td>" +
                        (f.Baseline is { } b ? $"<td class=\"num\">{Value(b, name)}</td>" : "") +
                        $"<td>{(higherIsBetter ? "higher" : "lower")}</td></tr>\n");
        html.Append("</tbody>\n</table>\n<table>\n<thead><tr><th>group</th><th class=\"num\">rows</th><th class=\"num\">selection rate</th>" +
                    "<th class=\"num\">TPR</th><th class=\"num\">FPR</th></tr></thead>\n<tbody>\n");
        foreach (var g in f.Candidate.Groups)
            html.Append($"<tr><td>{E(g.Group)}</td><td class=\"num\">{g.Rows}</td><td class=\"num\">{F(g.SelectionRate)}</td>" +
                        $"<td class=\"num\">{F(g.TruePositiveRate)}</td><td class=\"num\">{F(g.FalsePositiveRate)}</td></tr>\n");
        html.Append($"</tbody>\n</table>\n<p class=\"muted\">Group rates are the {E(r.CandidateLabel)}'s, at threshold 0.5.</p>\n</section>\n");
    }

    public static void WriteDrift(StringBuilder html, GateReport r)
    {
        if (r.Drift is not { Count: > 0 } drift) return;
        html.Append("<section id=\"drift\">\n<h2>Data drift</h2>\n<table>\n<thead><tr><th>feature</th><th>kind</th><th class=\"num\">PSI</th>" +
                    "<th class=\"num\">KS</th><th>result</th><th>detail</th></tr></thead>\n<tbody>\n");
        foreach (var d in drift)
            html.Append($"<tr class=\"{(d.Passed ? "passed" : "failed")}\"><td>{E(d.Feature)}</td><td>{E(d.Kind)}</td><td class=\"num\">{F(d.Psi)}</td>" +
                        $"<td class=\"num\">{F(d.Ks)}</td><td class=\"result {(d.Passed ? "pass\">pass" : "fail\">FAIL")}</td><td>{E(d.Detail)}</td></tr>\n");
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string Value(FairnessReport report, string name) => report.Metrics.TryGetValue(name, out var v) ? F(v) : "";
}
