using System.Text;
using static MlOps.Reports.Html.HtmlText;

namespace MlOps.Reports.Html;

/// <summary>
/// A legend above a chart: a line sample and a label per entry, wrapping to a new row when the next entry would not
/// fit. Text width is estimated (no layout engine at write time), generously, so labels never overlap.
/// </summary>
internal static class SvgLegend
{
    private const double Row = 18, Sample = 22, CharWidth = 6.6, Gap = 16, MaxChars = 28;

    /// <summary>Returns the SVG and the height it occupies from y = 0.</summary>
    public static (string Svg, double Height) Render(IReadOnlyList<(string Label, string Color, bool Dashed)> entries, double left, double right)
    {
        var svg = new StringBuilder("<g class=\"legend\">");
        double x = left, y = 14;
        foreach (var (label, color, dashed) in entries)
        {
            var text = label.Length > MaxChars ? label[..(int)(MaxChars - 1)] + "…" : label;
            var width = Sample + 6 + text.Length * CharWidth;
            if (x > left && x + width > right) { x = left; y += Row; }
            var dash = dashed ? $" stroke-dasharray=\"{(color == ChartColors.Reference ? "2 4" : ChartColors.BaselineDash)}\"" : "";
            svg.Append($"<line x1=\"{P(x)}\" y1=\"{P(y - 4)}\" x2=\"{P(x + Sample)}\" y2=\"{P(y - 4)}\" stroke=\"{color}\" stroke-width=\"2.5\"{dash}/>");
            svg.Append($"<text x=\"{P(x + Sample + 6)}\" y=\"{P(y)}\">{E(text)}</text>");
            x += width + Gap;
        }
        svg.Append("</g>");
        return (svg.ToString(), y + 6);
    }
}
