using MlOps.Core.Gates;

namespace MlOps.Core.Slicing;

/// <summary>
/// <c>evaluate.slices</c>: columns to cut the test data by. Slices smaller than <see cref="MinSize"/> rows are reported
/// but never gated (their metrics are too noisy to fail a PR on). <see cref="MaxRegression"/>: how much worse than the
/// baseline any gated slice may be, per metric; empty = report only.
/// </summary>
public sealed record SliceSettings(IReadOnlyList<string> Columns, int MinSize, int Bins, IReadOnlyList<MarginRule> MaxRegression)
{
    public static readonly SliceSettings None = new([], 100, 4, []);
}

/// <summary><c>evaluate.fairness</c>: a sensitive column and thresholds on the fairness metrics (binary classification).</summary>
public sealed record FairnessSettings(string? Sensitive, IReadOnlyList<ThresholdRule> Thresholds)
{
    public static readonly FairnessSettings None = new(null, []);
}
