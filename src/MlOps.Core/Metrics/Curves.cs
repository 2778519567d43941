namespace MlOps.Core.Metrics;

public sealed record CurvePoint(double X, double Y);

public sealed record CalibrationBin(double Predicted, double Observed, int Rows);

/// <summary>What the HTML report draws for one binary classifier: ROC, precision-recall and reliability curves.</summary>
public sealed record ModelCurves(IReadOnlyList<CurvePoint> Roc, IReadOnlyList<CurvePoint> PrecisionRecall, IReadOnlyList<CalibrationBin> Calibration)
{
    /// <summary>At most about this many points per curve: enough for a chart, small enough for report.json.</summary>
    private const int MaxPoints = 200;

    public static ModelCurves Compute(double[] p, bool[] y)
    {
        var order = MetricCalculator.AscendingOrder(p);
        double positives = y.Count(v => v), negatives = y.Length - positives;
        var roc = new List<CurvePoint> { new(0, 0) };
        var pr = new List<CurvePoint>();
        double tp = 0, fp = 0;
        var step = Math.Max(1, p.Length / MaxPoints);
        // Walk thresholds from the highest score down; emit a point at each distinct score (thinned to MaxPoints).
        for (int end = order.Length - 1, emitted = 0; end >= 0; emitted++)
        {
            var start = end;
            while (start - 1 >= 0 && p[order[start - 1]] == p[order[end]]) start--;
            for (var k = start; k <= end; k++)
                if (y[order[k]]) tp++; else fp++;
            end = start - 1;
            if (emitted % step != 0 && end >= 0) continue;
            roc.Add(new CurvePoint(negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives));
            pr.Add(new CurvePoint(positives == 0 ? 0 : tp / positives, tp / (tp + fp)));
        }
        var calibration = Enumerable.Range(0, 10).Select(b =>
        {
            var rows = Enumerable.Range(0, p.Length).Where(i => Math.Min((int)(p[i] * 10), 9) == b).ToList();
            return rows.Count == 0 ? null : new CalibrationBin(rows.Average(i => p[i]), rows.Average(i => y[i] ? 1.0 : 0.0), rows.Count);
        }).OfType<CalibrationBin>().ToList();
        return new ModelCurves(roc, pr, calibration);
    }
}
