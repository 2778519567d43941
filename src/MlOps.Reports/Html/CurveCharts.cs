using MlOps.Core.Metrics;

namespace MlOps.Reports.Html;

/// <summary>ROC, precision-recall and reliability charts for a binary classifier; a chart without points is left out.</summary>
internal static class CurveCharts
{
    public static IEnumerable<(string Caption, string Svg)> Render(GateReport r)
    {
        if (r.Charts is not { } charts) yield break;
        var models = new List<(string Label, ModelCurves Curves, string Color, bool Dashed)>
            { (r.CandidateLabel, charts.Candidate, ChartColors.Candidate, false) };
        if (charts.Baseline is { } b) models.Add((r.BaselineLabel, b, ChartColors.Baseline, true));

        var roc = models.Where(m => m.Curves.Roc.Count > 0)
            .Select(m => new ChartSeries(m.Label, m.Curves.Roc.Select(p => (p.X, p.Y)).ToList(), m.Color, m.Dashed)).ToList();
        if (roc.Count > 0)
            yield return ("ROC curve", SvgLineChart.Render("roc-chart", "ROC curve", "false positive rate", "true positive rate", roc, "chance"));

        var pr = models.Where(m => m.Curves.PrecisionRecall.Count > 0)
            .Select(m => new ChartSeries(m.Label, m.Curves.PrecisionRecall.Select(p => (p.X, p.Y)).ToList(), m.Color, m.Dashed)).ToList();
        if (pr.Count > 0)
            yield return ("Precision-recall", SvgLineChart.Render("pr-chart", "Precision-recall curve", "recall", "precision", pr, null));

        // Marker area grows with the rows in a bin, so a sparse bin far off the diagonal does not look as alarming
        // as a crowded one; the tooltip gives the exact count.
        var maxRows = models.SelectMany(m => m.Curves.Calibration).Select(c => c.Rows).DefaultIfEmpty(1).Max();
        var calibration = models.Where(m => m.Curves.Calibration.Count > 0).Select(m => new ChartSeries(m.Label,
            m.Curves.Calibration.Select(c => (c.Predicted, c.Observed)).ToList(), m.Color, m.Dashed,
            m.Curves.Calibration.Select(c => (2.5 + 7.5 * Math.Sqrt((double)c.Rows / Math.Max(1, maxRows)),
                $"{m.Label}: predicted {HtmlText.F(c.Predicted)}, observed {HtmlText.F(c.Observed)}, {c.Rows} rows")).ToList())).ToList();
        if (calibration.Count > 0)
            yield return ("Calibration", SvgLineChart.Render("calibration-chart", "Calibration (reliability diagram)",
                "mean predicted probability", "observed positive rate", calibration, "ideal"));
    }
}
