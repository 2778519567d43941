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
        var binary = task == ModelTask.BinaryClassification ? new BinaryResampler(sample, metrics) : null;
        // Weights are seeded from (seed, resample): the same verdict on any number of cores.
        Parallel.For(0, settings.Resamples, () => new Buffers(sample.Count, metrics.Count, binary is null), (b, _, buffers) =>
        {
            PoissonWeights.Fill(buffers.Weights, settings.Seed, b);
            if (binary is not null)
                binary.Deltas(buffers.Weights, buffers.Deltas);
            else
            {
                for (var i = 0; i < buffers.Weights.Length; i++) buffers.AsDouble![i] = buffers.Weights[i];
                var (candidate, baseline) = sample.Metrics(buffers.AsDouble, wanted);
                for (var m = 0; m < metrics.Count; m++) buffers.Deltas[m] = candidate[metrics[m]] - baseline[metrics[m]];
            }
            for (var m = 0; m < metrics.Count; m++) deltas[metrics[m]][b] = buffers.Deltas[m];
            return buffers;
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

    /// <summary>One worker's reusable arrays: a resample's weights (and their double copy for the generic metrics).</summary>
    private sealed class Buffers(int rows, int metrics, bool needsDoubles)
    {
        public byte[] Weights { get; } = new byte[rows];
        public double[]? AsDouble { get; } = needsDoubles ? new double[rows] : null;
        public double[] Deltas { get; } = new double[metrics];
    }
}
