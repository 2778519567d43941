using MlOps.Core.Metrics;

namespace MlOps.Core.Statistics;

/// <summary>
/// The binary-classification inner loop of <see cref="PairedBootstrap"/>: candidate − baseline for the gated metrics
/// under one resample's integer weights, without recomputing what does not depend on the weights. Each row's two
/// confusion outcomes become one 4-bit code (one histogram pass gives both confusion matrices), log loss and Brier
/// become one per-row difference, and AUC / average precision walk rows in score order with label and tie-group
/// boundaries packed into the row index. Same values as <see cref="MetricCalculator.Binary"/> with the same weights.
/// </summary>
internal sealed class BinaryResampler
{
    private const double Epsilon = 1e-15;
    private const int LabelBit = 4, FirstBit = 2, LastBit = 1, RowShift = 3;

    private readonly IReadOnlyList<string> _metrics;
    private readonly PairedSample _sample;
    private readonly byte[] _codes;
    private readonly int[]? _candidateRanked, _baselineRanked;
    private readonly double[]? _logLossDelta, _brierDelta;

    public BinaryResampler(PairedSample sample, IReadOnlyList<string> metrics)
    {
        if (sample.Count >= 1 << (31 - RowShift)) throw new ArgumentException("too many rows for the packed bootstrap kernel");
        _sample = sample;
        _metrics = metrics;
        var y = sample.Labels.Binary!;
        var (pc, pb) = (sample.Candidate.Probabilities!, sample.Baseline.Probabilities!);
        _codes = new byte[sample.Count];
        for (var i = 0; i < _codes.Length; i++)
            _codes[i] = (byte)(Outcome(pc[i], y[i]) | Outcome(pb[i], y[i]) << 2);
        if (metrics.Contains("auc") || metrics.Contains("pr-auc"))
        {
            _candidateRanked = Rank(sample.CandidateSorted!);
            _baselineRanked = Rank(sample.BaselineSorted!);
        }
        if (metrics.Contains("logloss"))
            _logLossDelta = Difference(pc, pb, y, (p, positive) => -Math.Log(Math.Clamp(positive ? p : 1 - p, Epsilon, 1)));
        if (metrics.Contains("brier"))
            _brierDelta = Difference(pc, pb, y, (p, positive) => (p - (positive ? 1 : 0)) * (p - (positive ? 1 : 0)));
    }

    /// <summary>Writes candidate − baseline for each metric, in the constructor's order, into <paramref name="deltas"/>.</summary>
    public void Deltas(byte[] w, double[] deltas)
    {
        Span<long> histogram = stackalloc long[16];
        for (var i = 0; i < w.Length; i++) histogram[_codes[i]] += w[i];
        var candidate = ConfusionOf(histogram, shift: 0);
        var baseline = ConfusionOf(histogram, shift: 2);
        var total = candidate.Total;
        var positives = candidate.Tp + candidate.Fn;
        for (var m = 0; m < _metrics.Count; m++)
        {
            var metric = _metrics[m];
            deltas[m] = metric switch
            {
                _ when Confusion.Covers(metric) => candidate.Get(metric) - baseline.Get(metric),
                "auc" => Auc(_candidateRanked!, w) - Auc(_baselineRanked!, w),
                "pr-auc" => AveragePrecision(_candidateRanked!, w, positives) - AveragePrecision(_baselineRanked!, w, positives),
                "logloss" => WeightedSum(_logLossDelta!, w) / total,
                "brier" => WeightedSum(_brierDelta!, w) / total,
                "ece" => MetricCalculator.CalibrationError(_sample.Candidate.Probabilities!, _sample.Labels.Binary!, w)
                         - MetricCalculator.CalibrationError(_sample.Baseline.Probabilities!, _sample.Labels.Binary!, w),
                _ => throw new ArgumentException($"{metric} is not a binary-classification metric"),
            };
        }
    }

    /// <summary>Bit 0: predicted positive; bit 1: actually positive.</summary>
    private static int Outcome(double p, bool y) => (p >= 0.5 ? 1 : 0) | (y ? 2 : 0);

    private static Confusion ConfusionOf(ReadOnlySpan<long> histogram, int shift)
    {
        Span<double> counts = stackalloc double[4];
        for (var code = 0; code < 16; code++) counts[(code >> shift) & 3] += histogram[code];
        return new Confusion(Tp: counts[3], Fp: counts[1], Tn: counts[0], Fn: counts[2]);
    }

    private static int[] Rank(SortedScores sorted)
    {
        var ranked = new int[sorted.Order.Length];
        for (var g = 0; g + 1 < sorted.GroupStarts.Length; g++)
            for (int k = sorted.GroupStarts[g], end = sorted.GroupStarts[g + 1]; k < end; k++)
                ranked[k] = sorted.Order[k] << RowShift | (sorted.Labels[k] ? LabelBit : 0)
                            | (k == sorted.GroupStarts[g] ? FirstBit : 0) | (k == end - 1 ? LastBit : 0);
        return ranked;
    }

    /// <summary>Weighted Mann-Whitney AUC with ties counted half, in integers: twice the pair count is exact.</summary>
    private static double Auc(int[] ranked, byte[] w)
    {
        long negativesBelow = 0, positives = 0, twicePairs = 0, tiedPositives = 0, tiedNegatives = 0;
        foreach (var entry in ranked)
        {
            long weight = w[entry >> RowShift];
            var label = (entry >> 2) & 1;
            tiedPositives += weight * label;
            tiedNegatives += weight * (1 - label);
            if ((entry & LastBit) == 0) continue;
            twicePairs += tiedPositives * (2 * negativesBelow + tiedNegatives);
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
            tiedPositives = tiedNegatives = 0;
        }
        return positives == 0 || negativesBelow == 0 ? double.NaN : twicePairs / (2.0 * positives * negativesBelow);
    }

    /// <summary>sklearn's average precision: thresholds from the highest score down, ties together.</summary>
    private static double AveragePrecision(int[] ranked, byte[] w, double positives)
    {
        if (positives == 0) return double.NaN;
        long tp = 0, fp = 0, gained = 0;
        double ap = 0;
        for (var k = ranked.Length - 1; k >= 0; k--)
        {
            var entry = ranked[k];
            long weight = w[entry >> RowShift];
            var label = (entry >> 2) & 1;
            tp += weight * label;
            gained += weight * label;
            fp += weight * (1 - label);
            if ((entry & FirstBit) == 0) continue;
            if (gained > 0) ap += gained / positives * ((double)tp / (tp + fp));
            gained = 0;
        }
        return ap;
    }

    private static double[] Difference(double[] pc, double[] pb, bool[] y, Func<double, bool, double> loss)
    {
        var delta = new double[y.Length];
        for (var i = 0; i < y.Length; i++) delta[i] = loss(pc[i], y[i]) - loss(pb[i], y[i]);
        return delta;
    }

    private static double WeightedSum(double[] values, byte[] w)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++) sum += values[i] * w[i];
        return sum;
    }
}
