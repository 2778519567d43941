using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Statistics;

/// <summary>
/// Paired bootstrap over rows: each resample reweights the rows (Poisson bootstrap; the same weights for both models,
/// which is what makes the comparison paired and far more sensitive than two separate intervals). Seeded, so a PR check
/// gives the same verdict on every re-run.
/// </summary>
public static class PairedBootstrap
{
    /// <param name="margins">Per metric: the absolute margin allowed (0 for none).</param>
    public static Dictionary<string, DifferenceEstimate> Estimate(PairedSample sample, IReadOnlyDictionary<string, double> margins,
        SignificanceSettings settings)
    {
        var task = sample.Labels.Task;
        var metrics = margins.Keys.ToList();
        var wanted = metrics.ToHashSet();
        var deltas = metrics.ToDictionary(m => m, _ => new double[settings.Resamples]);
        // One generator per resample, seeded from (seed, resample): the same verdict on any number of cores.
        Parallel.For(0, settings.Resamples, () => new double[sample.Count], (b, _, weights) =>
        {
            var random = new Random(unchecked(settings.Seed * 1_000_003 + b)); // not HashCode: it is randomized per process
            for (var i = 0; i < weights.Length; i++) weights[i] = PoissonOne(random.NextDouble());
            var (candidate, baseline) = sample.Metrics(weights, wanted);
            foreach (var m in metrics) deltas[m][b] = candidate[m] - baseline[m];
            return weights;
        }, _ => { });

        var (pointCandidate, pointBaseline) = sample.Metrics(null);
        var result = new Dictionary<string, DifferenceEstimate>();
        foreach (var m in metrics)
        {
            var sorted = deltas[m].Where(d => !double.IsNaN(d)).Order().ToArray();
            var higherIsBetter = MetricCatalog.Find(task, m)!.HigherIsBetter;
            // p-value of "not regressed beyond the margin": the share of resamples on that side of the margin.
            var margin = margins[m];
            var notRegressed = sorted.Count(d => higherIsBetter ? d >= -margin : d <= margin);
            double? mcnemar = m == "accuracy" && task != ModelTask.Regression ? McNemar.CandidateWorsePValue(sample) : null;
            result[m] = new DifferenceEstimate(
                pointCandidate[m] - pointBaseline[m],
                Quantile.Linear(sorted, settings.Alpha / 2),
                Quantile.Linear(sorted, 1 - settings.Alpha / 2),
                (notRegressed + 1.0) / (sorted.Length + 1.0),
                1 - settings.Alpha, settings.Resamples, mcnemar);
        }
        return result;
    }

    /// <summary>Cumulative Poisson(1) probabilities for 0..9 rows; beyond that is below 1e-7.</summary>
    private static readonly double[] PoissonCdf = Enumerable.Range(0, 10)
        .Select(k => Enumerable.Range(0, k + 1).Sum(j => Math.Exp(-1) / Enumerable.Range(1, j).Aggregate(1.0, (f, x) => f * x))).ToArray();

    /// <summary>
    /// How often a row appears in a resample: Poisson(1), the large-sample limit of the multinomial draw. Drawn row by
    /// row it writes the weights sequentially instead of scattering increments, which is what makes 1M-row resamples fast.
    /// </summary>
    private static double PoissonOne(double u)
    {
        var k = 0;
        while (k < PoissonCdf.Length && u > PoissonCdf[k]) k++;
        return k;
    }
}
