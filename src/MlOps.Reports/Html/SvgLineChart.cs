using System.Text;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Html;

/// <summary>One model's line on a chart; markers (radius, tooltip) per point are drawn when given (calibration bins).</summary>
internal sealed record ChartSeries(
    string Label, IReadOnlyList<(double X, double Y)> Points, string Color, bool Dashed,
    IReadOnlyList<(double Radius, string Tooltip)>? Markers = null);

/// <summary>
/// A line chart on the unit square (ROC, precision-recall and reliability all live in [0,1]²) drawn as inline SVG:
/// gridlines, axes with tick labels, axis titles, a legend and an optional dotted diagonal (chance or ideal).
/// Inline SVG in HTML5 needs no xmlns, so the report contains no URL at all.
/// </summary>
internal static class SvgLineChart
{
    private const double Width = 380, Left = 48, Right = 14, Bottom = 44, PlotHeight = 260;
    private const double PlotWidth = Width - Left - Right;
    private const double LegendRow = 18;

    public static string Render(string id, string title, string xLabel, string yLabel,
        IReadOnlyList<ChartSeries> series, string? diagonalLabel)
    {
        var legend = series.Select(s => (s.Label, s.Color, s.Dashed)).ToList();
        if (diagonalLabel is not null) legend.Add((diagonalLabel, ChartColors.Reference, true));
        var (legendSvg, legendHeight) = SvgLegend.Render(legend, Left, Width - Right);
        var top = legendHeight + 8;
        var height = top + PlotHeight + Bottom;
        double X(double v) => Left + Math.Clamp(v, 0, 1) * PlotWidth;
        double Y(double v) => top + (1 - Math.Clamp(v, 0, 1)) * PlotHeight;

        var svg = new StringBuilder();
        svg.Append($"<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {P(Width)} {P(height)}\" role=\"img\" aria-labelledby=\"{id}-title\">");
        svg.Append($"<title id=\"{id}-title\">{E(title)}</title>");
        for (var i = 0; i <= 5; i++)
        {
            var t = i / 5.0;
            var tick = P(t);
            svg.Append($"<line class=\"grid\" x1=\"{P(X(t))}\" y1=\"{P(Y(0))}\" x2=\"{P(X(t))}\" y2=\"{P(Y(1))}\"/>");
            svg.Append($"<line class=\"grid\" x1=\"{P(X(0))}\" y1=\"{P(Y(t))}\" x2=\"{P(X(1))}\" y2=\"{P(Y(t))}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{P(X(t))}\" y=\"{P(Y(0) + 16)}\" text-anchor=\"middle\">{tick}</text>");
            svg.Append($"<text class=\"tick\" x=\"{P(Left - 6)}\" y=\"{P(Y(t) + 4)}\" text-anchor=\"end\">{tick}</text>");
        }
        svg.Append($"<line class=\"axis\" x1=\"{P(X(0))}\" y1=\"{P(Y(0))}\" x2=\"{P(X(1))}\" y2=\"{P(Y(0))}\"/>");
        svg.Append($"<line class=\"axis\" x1=\"{P(X(0))}\" y1=\"{P(Y(0))}\" x2=\"{P(X(0))}\" y2=\"{P(Y(1))}\"/>");
        svg.Append($"<text class=\"label\" x=\"{P(Left + PlotWidth / 2)}\" y=\"{P(height - 8)}\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append($"<text class=\"label\" transform=\"translate(14 {P(top + PlotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{E(yLabel)}</text>");
        if (diagonalLabel is not null)
            svg.Append($"<line x1=\"{P(X(0))}\" y1=\"{P(Y(0))}\" x2=\"{P(X(1))}\" y2=\"{P(Y(1))}\" stroke=\"{ChartColors.Reference}\" stroke-width=\"1.2\" stroke-dasharray=\"2 4\"/>");
        foreach (var s in series) AppendSeries(svg, s, X, Y);
        svg.Append(legendSvg);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendSeries(StringBuilder svg, ChartSeries s, Func<double, double> x, Func<double, double> y)
    {
        // NaN points (e.g. precision with no positive predictions) break the line rather than drawing to 0.
        var path = new StringBuilder();
        var pen = 'M';
        foreach (var (px, py) in s.Points)
        {
            if (double.IsNaN(px) || double.IsNaN(py)) { pen = 'M'; continue; }
            path.Append($"{pen}{P(x(px))} {P(y(py))} ");
            pen = 'L';
        }
        var dash = s.Dashed ? $" stroke-dasharray=\"{ChartColors.BaselineDash}\"" : "";
        svg.Append($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}><title>{E(s.Label)}</title></path>");
        if (s.Markers is null) return;
        for (var i = 0; i < s.Points.Count && i < s.Markers.Count; i++)
        {
            var (px, py) = s.Points[i];
            if (double.IsNaN(px) || double.IsNaN(py)) continue;
            var (radius, tooltip) = s.Markers[i];
            // Baseline markers are hollow so overlapping bins of the two models stay visible.
            var fill = s.Dashed ? "fill=\"#ffffff\" fill-opacity=\"0.6\"" : $"fill=\"{s.Color}\" fill-opacity=\"0.55\"";
            svg.Append($"<circle cx=\"{P(x(px))}\" cy=\"{P(y(py))}\" r=\"{P(radius)}\" {fill} stroke=\"{s.Color}\" stroke-width=\"1.5\"><title>{E(tooltip)}</title></circle>");
        }
    }
}
