using System.Text;
using MlOps.Core.Slicing;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Html;

/// <summary>
/// Horizontal grouped bars, one group per slice, on the report's primary metric: candidate and baseline side by side so
/// a slice that regressed stands out. Slices too small to gate are drawn faded and labelled, because their numbers are
/// noisy and did not decide the verdict.
/// </summary>
internal static class SvgSliceChart
{
    private const double Width = 760, Left = 210, Right = 64, Bar = 11, BarGap = 2, GroupGap = 12, Bottom = 40;
    private const double PlotWidth = Width - Left - Right;
    private const int MaxLabel = 30;

    public static string? Render(string id, GateReport r)
    {
        if (r.Slices is not { Count: > 0 } slices || r.Metrics.Count == 0) return null;
        var metric = r.Metrics[0];
        var rows = slices.Select(s => (Slice: s,
            Candidate: s.Candidate.TryGetValue(metric.Name, out var c) ? c : double.NaN,
            Baseline: s.Baseline is { } b && b.TryGetValue(metric.Name, out var bv) ? bv : (double?)null)).ToList();
        var hasBaseline = rows.Any(x => x.Baseline is not null);
        var values = rows.SelectMany(x => new[] { x.Candidate, x.Baseline ?? double.NaN }).Where(double.IsFinite).ToList();
        // Most metrics live in [0,1]; anything else (log loss, RMSE) gets an axis up to a round number above the max.
        var max = values.Count == 0 || values.Max() <= 1 ? 1 : NiceCeiling(values.Max());

        var legend = new List<(string, string, bool)> { (r.CandidateLabel, ChartColors.Candidate, false) };
        if (hasBaseline) legend.Add((r.BaselineLabel, ChartColors.Baseline, false));
        if (rows.Any(x => !x.Slice.Gated)) legend.Add(("not gated (too few rows)", ChartColors.Reference, false));
        var (legendSvg, legendHeight) = SvgLegend.Render(legend, Left, Width - Right);
        var top = legendHeight + 10;
        var group = (hasBaseline ? 2 * Bar + BarGap : Bar) + GroupGap;
        var plotHeight = rows.Count * group;
        var height = top + plotHeight + Bottom;
        double X(double v) => Left + Math.Clamp(v / max, 0, 1) * PlotWidth;

        var svg = new StringBuilder();
        var title = $"{metric.Title} per slice, {r.CandidateLabel}{(hasBaseline ? " vs " + r.BaselineLabel : "")}";
        svg.Append($"<svg id=\"{id}\" class=\"chart wide\" viewBox=\"0 0 {P(Width)} {P(height)}\" role=\"img\" aria-labelledby=\"{id}-title\">");
        svg.Append($"<title id=\"{id}-title\">{E(title)}</title>");
        for (var i = 0; i <= 5; i++)
        {
            var t = max * i / 5;
            svg.Append($"<line class=\"grid\" x1=\"{P(X(t))}\" y1=\"{P(top)}\" x2=\"{P(X(t))}\" y2=\"{P(top + plotHeight)}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{P(X(t))}\" y=\"{P(top + plotHeight + 16)}\" text-anchor=\"middle\">{P(Math.Round(t, 2))}</text>");
        }
        svg.Append($"<line class=\"axis\" x1=\"{P(Left)}\" y1=\"{P(top)}\" x2=\"{P(Left)}\" y2=\"{P(top + plotHeight)}\"/>");
        svg.Append($"<text class=\"label\" x=\"{P(Left + PlotWidth / 2)}\" y=\"{P(height - 6)}\" text-anchor=\"middle\">{E(metric.Title)}</text>");
        var y = top + GroupGap / 2;
        foreach (var (slice, candidate, baseline) in rows)
        {
            var name = $"{slice.Column}={slice.Value}";
            var shown = name.Length > MaxLabel ? name[..(MaxLabel - 1)] + "…" : name;
            var faded = slice.Gated ? "" : " opacity=\"0.4\"";
            var labelY = y + (hasBaseline ? Bar + BarGap / 2 : Bar / 2) + 4;
            svg.Append($"<g class=\"slice{(slice.Gated ? "" : " ungated")}\"><title>{E($"{name}: {slice.Rows} rows{(slice.Gated ? "" : ", not gated")}")}</title>");
            svg.Append($"<text x=\"{P(Left - 8)}\" y=\"{P(labelY - (slice.Gated ? 0 : 6))}\" text-anchor=\"end\">{E(shown)}</text>");
            if (!slice.Gated)
                svg.Append($"<text class=\"note\" x=\"{P(Left - 8)}\" y=\"{P(labelY + 7)}\" text-anchor=\"end\">not gated ({slice.Rows} rows)</text>");
            AppendBar(svg, X, y, candidate, ChartColors.Candidate, faded);
            if (hasBaseline) AppendBar(svg, X, y + Bar + BarGap, baseline ?? double.NaN, ChartColors.Baseline, faded);
            svg.Append("</g>");
            y += group;
        }
        svg.Append(legendSvg).Append("</svg>");
        return svg.ToString();
    }

    private static void AppendBar(StringBuilder svg, Func<double, double> x, double y, double value, string color, string faded)
    {
        var end = double.IsFinite(value) ? x(value) : x(0);
        svg.Append($"<rect x=\"{P(x(0))}\" y=\"{P(y)}\" width=\"{P(end - x(0))}\" height=\"{P(Bar)}\" fill=\"{color}\"{faded}/>");
        svg.Append($"<text class=\"value\" x=\"{P(end + 4)}\" y=\"{P(y + Bar - 2)}\">{F(value)}</text>");
    }

    private static double NiceCeiling(double v)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(c => c >= v);
    }
}
