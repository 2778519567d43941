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
        var sorted = SortedScores.For(p, y);
        double positives = y.Count(v => v), negatives = y.Length - positives;
        var roc = new List<CurvePoint> { new(0, 0) };
        var pr = new List<CurvePoint>();
        double tp = 0, fp = 0;
        var step = Math.Max(1, p.Length / MaxPoints);
        // Walk thresholds from the highest score down; emit a point at each distinct score (thinned to MaxPoints).
        for (int g = sorted.GroupStarts.Length - 2, emitted = 0; g >= 0; g--, emitted++)
        {
            for (var k = sorted.GroupStarts[g]; k < sorted.GroupStarts[g + 1]; k++)
                if (sorted.Labels[k]) tp++; else fp++;
            if (emitted % step != 0 && g > 0) continue;
            roc.Add(new CurvePoint(negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives));
            pr.Add(new CurvePoint(positives == 0 ? 0 : tp / positives, tp / (tp + fp)));
        }
        return new ModelCurves(roc, pr, CalibrationBins(p, y));
    }

    /// <summary>Ten equal-width probability bins: mean predicted vs observed share of positives, empty bins left out.</summary>
    private static List<CalibrationBin> CalibrationBins(double[] p, bool[] y)
    {
        var rows = new int[10];
        double[] predicted = new double[10], observed = new double[10];
        for (var i = 0; i < p.Length; i++)
        {
            var b = Math.Min((int)(p[i] * 10), 9);
            rows[b]++;
            predicted[b] += p[i];
            observed[b] += y[i] ? 1 : 0;
        }
        return Enumerable.Range(0, 10).Where(b => rows[b] > 0)
            .Select(b => new CalibrationBin(predicted[b] / rows[b], observed[b] / rows[b], rows[b])).ToList();
    }
}
