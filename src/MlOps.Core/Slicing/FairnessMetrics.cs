namespace MlOps.Core.Slicing;

/// <summary>Per-group rates of a binary classifier at threshold 0.5.</summary>
public sealed record GroupRates(string Group, int Rows, double SelectionRate, double TruePositiveRate, double FalsePositiveRate);

/// <summary>
/// Group fairness of a binary classifier over a sensitive column, as fairlearn defines it: demographic parity
/// (difference and ratio of selection rates), equal opportunity (difference of true positive rates) and equalized
/// odds (the larger of the TPR and FPR differences).
/// </summary>
public sealed record FairnessReport(IReadOnlyList<GroupRates> Groups, IReadOnlyDictionary<string, double> Metrics)
{
    public static readonly IReadOnlyList<(string Name, bool HigherIsBetter)> Names =
    [
        ("demographic-parity-difference", false),
        ("demographic-parity-ratio", true),
        ("equal-opportunity-difference", false),
        ("equalized-odds-difference", false),
    ];

    public static FairnessReport Compute(double[] probabilities, bool[] labels, IReadOnlyList<Slice> groups)
    {
        var rates = groups.Select(g =>
        {
            double selected = 0, positives = 0, truePositives = 0, negatives = 0, falsePositives = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                if (g.Weights[i] == 0) continue;
                var predicted = probabilities[i] >= 0.5;
                if (predicted) selected++;
                if (labels[i]) { positives++; if (predicted) truePositives++; }
                else { negatives++; if (predicted) falsePositives++; }
            }
            return new GroupRates(g.Value, g.Rows, selected / g.Rows,
                positives == 0 ? double.NaN : truePositives / positives,
                negatives == 0 ? double.NaN : falsePositives / negatives);
        }).ToList();
        double Spread(Func<GroupRates, double> rate)
        {
            var values = rates.Select(rate).Where(v => !double.IsNaN(v)).ToList();
            return values.Count == 0 ? double.NaN : values.Max() - values.Min();
        }
        var selection = rates.Select(r => r.SelectionRate).ToList();
        var metrics = new Dictionary<string, double>
        {
            ["demographic-parity-difference"] = Spread(r => r.SelectionRate),
            ["demographic-parity-ratio"] = selection.Max() == 0 ? double.NaN : selection.Min() / selection.Max(),
            ["equal-opportunity-difference"] = Spread(r => r.TruePositiveRate),
            ["equalized-odds-difference"] = Math.Max(Spread(r => r.TruePositiveRate), Spread(r => r.FalsePositiveRate)),
        };
        return new FairnessReport(rates, metrics);
    }
}
