using MlOps.Core.Metrics;

namespace MlOps.Core.Statistics;

/// <summary>
/// The binary-classification inner loop of <see cref="PairedBootstrap"/>: candidate − baseline for the gated metrics
/// under one resample's integer weights, without recomputing what does not depend on the weights. Each row's two
/// confusion outcomes become one 4-bit code (one histogram pass gives both confusion matrices), log loss and Brier
/// become one per-row difference, and AUC / average precision walk rows in score order with label and tie-group
/// boundaries packed beside them. Weights are indexed by position in the candidate's score order, not by row: the
/// rows' weights are iid, so which draw goes to which row is free, and this order makes the histogram and the
/// candidate's AUC one sequential pass; only the baseline's walk gathers. Same values as
/// <see cref="MetricCalculator.Binary"/> with the same weight on each row (<see cref="ToRowOrder"/>).
/// </summary>
internal sealed class BinaryResampler
{
    private const double Epsilon = 1e-15;
    private const int LabelBit = 4, FirstBit = 2, LastBit = 1, RowShift = 3;
    // Flags of _candidate: bits 0-3 the confusion code, then label, first and last of a tie group.
    private const int CodeMask = 15, CandidateLabel = 16, CandidateFirst = 32, CandidateLast = 64;

    private readonly IReadOnlyList<string> _metrics;
    private readonly int[] _order;
    private readonly byte[] _candidate;
    private readonly int[]? _baselineRanked;
    private readonly double[]? _logLossDelta, _brierDelta;
    private readonly (double[] Candidate, double[] Baseline, bool[] Labels)? _calibration;

    public BinaryResampler(PairedSample sample, IReadOnlyList<string> metrics)
    {
        if (sample.Count >= 1 << (31 - RowShift)) throw new ArgumentException("too many rows for the packed bootstrap kernel");
        _metrics = metrics;
        var y = sample.Labels.Binary!;
        var (pc, pb) = (sample.Candidate.Probabilities!, sample.Baseline.Probabilities!);
        var candidateSorted = sample.CandidateSorted!;
        _order = candidateSorted.Order;
        var position = new int[_order.Length];
        for (var k = 0; k < _order.Length; k++) position[_order[k]] = k;

        _candidate = new byte[_order.Length];
        for (var g = 0; g + 1 < candidateSorted.GroupStarts.Length; g++)
            for (int k = candidateSorted.GroupStarts[g], end = candidateSorted.GroupStarts[g + 1]; k < end; k++)
            {
                var row = _order[k];
                _candidate[k] = (byte)(Outcome(pc[row], y[row]) | Outcome(pb[row], y[row]) << 2 | (y[row] ? CandidateLabel : 0)
                                       | (k == candidateSorted.GroupStarts[g] ? CandidateFirst : 0) | (k == end - 1 ? CandidateLast : 0));
            }
        if (metrics.Contains("auc") || metrics.Contains("pr-auc"))
            _baselineRanked = Rank(sample.BaselineSorted!, position);
        if (metrics.Contains("logloss"))
            _logLossDelta = InScoreOrder(row => LogLoss(pc[row], y[row]) - LogLoss(pb[row], y[row]));
        if (metrics.Contains("brier"))
            _brierDelta = InScoreOrder(row => Brier(pc[row], y[row]) - Brier(pb[row], y[row]));
        if (metrics.Contains("ece"))
            _calibration = (InScoreOrder(row => pc[row]), InScoreOrder(row => pb[row]), _order.Select(row => y[row]).ToArray());
    }

    /// <summary>
    /// Writes candidate − baseline for each metric, in the constructor's order, into <paramref name="deltas"/>.
    /// <paramref name="w"/>[k] is the weight of the row at position k of the candidate's score order.
    /// </summary>
    public void Deltas(byte[] w, double[] deltas)
    {
        Span<long> histogram = stackalloc long[16];
        var candidateAuc = CandidatePass(w, histogram);
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
                "auc" => candidateAuc - Auc(_baselineRanked!, w),
                "pr-auc" => CandidateAveragePrecision(w, positives) - AveragePrecision(_baselineRanked!, w, positives),
                "logloss" => WeightedSum(_logLossDelta!, w) / total,
                "brier" => WeightedSum(_brierDelta!, w) / total,
                "ece" => MetricCalculator.CalibrationError(_calibration!.Value.Candidate, _calibration.Value.Labels, w)
                         - MetricCalculator.CalibrationError(_calibration.Value.Baseline, _calibration.Value.Labels, w),
                _ => throw new ArgumentException($"{metric} is not a binary-classification metric"),
            };
        }
    }

    /// <summary>Weights by row (what <see cref="MetricCalculator"/> takes) from weights by candidate score position.</summary>
    public double[] ToRowOrder(byte[] w)
    {
        var byRow = new double[w.Length];
        for (var k = 0; k < w.Length; k++) byRow[_order[k]] = w[k];
        return byRow;
    }

    /// <summary>Both confusion matrices and the candidate's AUC in one sequential pass.</summary>
    private double CandidatePass(byte[] w, Span<long> histogram)
    {
        long negativesBelow = 0, positives = 0, twicePairs = 0, tiedPositives = 0, tiedNegatives = 0;
        var flags = _candidate;
        // Four histograms taken in turn: neighbours in score order mostly share a code, and with one histogram each
        // row's add waited for the previous row's store to the same counter.
        Span<long> histograms = stackalloc long[4 * 16];
        for (var k = 0; k < flags.Length; k++)
        {
            long weight = w[k];
            int f = flags[k];
            histograms[(k & 3) << 4 | (f & CodeMask)] += weight;
            var label = (f >> 4) & 1;
            tiedPositives += weight * label;
            tiedNegatives += weight * (1 - label);
            if ((f & CandidateLast) == 0) continue;
            twicePairs += tiedPositives * (2 * negativesBelow + tiedNegatives);
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
            tiedPositives = tiedNegatives = 0;
        }
        for (var code = 0; code < 16; code++)
            histogram[code] = histograms[code] + histograms[16 + code] + histograms[32 + code] + histograms[48 + code];
        return positives == 0 || negativesBelow == 0 ? double.NaN : twicePairs / (2.0 * positives * negativesBelow);
    }

    private double CandidateAveragePrecision(byte[] w, double positives)
    {
        if (positives == 0) return double.NaN;
        long tp = 0, fp = 0, gained = 0;
        double ap = 0;
        for (var k = _candidate.Length - 1; k >= 0; k--)
        {
            long weight = w[k];
            var label = (_candidate[k] >> 4) & 1;
            tp += weight * label;
            gained += weight * label;
            fp += weight * (1 - label);
            if ((_candidate[k] & CandidateFirst) == 0) continue;
            if (gained > 0) ap += gained / positives * ((double)tp / (tp + fp));
            gained = 0;
        }
        return ap;
    }

    /// <summary>Bit 0: predicted positive; bit 1: actually positive.</summary>
    private static int Outcome(double p, bool y) => (p >= 0.5 ? 1 : 0) | (y ? 2 : 0);

    private static double LogLoss(double p, bool positive) => -Math.Log(Math.Clamp(positive ? p : 1 - p, Epsilon, 1));

    private static double Brier(double p, bool positive) => (p - (positive ? 1 : 0)) * (p - (positive ? 1 : 0));

    private double[] InScoreOrder(Func<int, double> ofRow)
    {
        var values = new double[_order.Length];
        for (var k = 0; k < values.Length; k++) values[k] = ofRow(_order[k]);
        return values;
    }

    private static Confusion ConfusionOf(ReadOnlySpan<long> histogram, int shift)
    {
        Span<double> counts = stackalloc double[4];
        for (var code = 0; code < 16; code++) counts[(code >> shift) & 3] += histogram[code];
        return new Confusion(Tp: counts[3], Fp: counts[1], Tn: counts[0], Fn: counts[2]);
    }

    /// <summary>The baseline's score order, each entry the candidate position of its row plus label and tie-group flags.</summary>
    private static int[] Rank(SortedScores sorted, int[] position)
    {
        var ranked = new int[sorted.Order.Length];
        for (var g = 0; g + 1 < sorted.GroupStarts.Length; g++)
            for (int k = sorted.GroupStarts[g], end = sorted.GroupStarts[g + 1]; k < end; k++)
                ranked[k] = position[sorted.Order[k]] << RowShift | (sorted.Labels[k] ? LabelBit : 0)
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

    private static double WeightedSum(double[] values, byte[] w)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++) sum += values[i] * w[i];
        return sum;
    }
}
