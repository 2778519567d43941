using System.Text;
using MlOps.Reports.Html;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Monitor;

/// <summary>
/// One bar per window: the largest PSI of any feature or of the predictions, with the PSI limit as a dashed line, so
/// the window where drift starts stands out. Bars over the limit are red; windows under min-rows are hatched grey.
/// </summary>
internal static class SvgWindowChart
{
    private const double Width = 900, Left = 48, Right = 14, Top = 14, PlotHeight = 200, Bottom = 40;

    public static string? Render(string id, IReadOnlyList<WindowRow> windows, double? limit)
    {
        if (windows.Count == 0) return null;
        var top = Math.Max(limit ?? 0, windows.Max(w => w.Worst?.Psi ?? 0));
        var scale = top <= 0 ? 1 : top * 1.1;
        var slot = (Width - Left - Right) / windows.Count;
        double Y(double v) => Top + (1 - Math.Clamp(v / scale, 0, 1)) * PlotHeight;
        var svg = new StringBuilder();
        svg.Append($"<svg id=\"{id}\" class=\"chart wide\" viewBox=\"0 0 {P(Width)} {P(Top + PlotHeight + Bottom)}\" role=\"img\" aria-labelledby=\"{id}-title\">");
        svg.Append($"<title id=\"{id}-title\">largest PSI per window</title>");
        for (var i = 0; i <= 4; i++)
        {
            var v = scale * i / 4;
            svg.Append($"<line class=\"grid\" x1=\"{P(Left)}\" y1=\"{P(Y(v))}\" x2=\"{P(Width - Right)}\" y2=\"{P(Y(v))}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{P(Left - 6)}\" y=\"{P(Y(v) + 4)}\" text-anchor=\"end\">{F(v)}</text>");
        }
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            var psi = w.Worst?.Psi ?? 0;
            var color = !w.Gated ? ChartColors.Reference : w.Passed ? ChartColors.Candidate : "#cf222e";
            var x = Left + i * slot + slot * 0.15;
            svg.Append($"<rect x=\"{P(x)}\" y=\"{P(Y(psi))}\" width=\"{P(slot * 0.7)}\" height=\"{P(Y(0) - Y(psi))}\" fill=\"{color}\">" +
                       $"<title>{E(w.Label)}: {E(w.Worst?.Feature)} PSI {F(psi)} ({w.Rows} rows{(w.Gated ? "" : ", under min-rows")})</title></rect>");
            if (windows.Count <= 24 || i % (windows.Count / 12 + 1) == 0)
                svg.Append($"<text class=\"tick\" x=\"{P(x + slot * 0.35)}\" y=\"{P(Y(0) + 14)}\" text-anchor=\"middle\">{i + 1}</text>");
        }
        if (limit is { } l)
            svg.Append($"<line x1=\"{P(Left)}\" y1=\"{P(Y(l))}\" x2=\"{P(Width - Right)}\" y2=\"{P(Y(l))}\" stroke=\"{ChartColors.Baseline}\" stroke-width=\"1.5\" stroke-dasharray=\"{ChartColors.BaselineDash}\"><title>PSI limit {F(l)}</title></line>");
        svg.Append($"<line class=\"axis\" x1=\"{P(Left)}\" y1=\"{P(Y(0))}\" x2=\"{P(Width - Right)}\" y2=\"{P(Y(0))}\"/>");
        svg.Append($"<text class=\"label\" x=\"{P(Left + (Width - Left - Right) / 2)}\" y=\"{P(Top + PlotHeight + Bottom - 6)}\" text-anchor=\"middle\">window</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
