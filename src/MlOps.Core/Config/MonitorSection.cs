using MlOps.Core.Gates;
using MlOps.Core.Modeling;

namespace MlOps.Core.Config;

/// <summary>
/// <c>monitor</c>: when live traffic says the model should be retrained. Drift rules apply to every feature
/// (<see cref="Drift"/>) and to the model's own outputs (<see cref="PredictionDrift"/>), compared with the profile
/// saved at training; quality rules apply once labels arrive, against the version's offline evaluation.
/// </summary>
/// <param name="MinRows">Below this many logged rows the verdict is "insufficient data" rather than a guess.</param>
/// <param name="Window">Default of --window: how the log is cut to show drift appearing over time.</param>
public sealed record MonitorSection(int MinRows, MonitorWindowSpec? Window, DriftRules Drift, DriftRules PredictionDrift,
    IReadOnlyList<QualityRule> Quality)
{
    public const int DefaultMinRows = 500;
    public static readonly DriftRules DefaultDrift = new(new ThresholdRule("psi", Comparison.Below, 0.2), null);

    public static MonitorSection Default(ModelTask task) =>
        new(DefaultMinRows, null, DefaultDrift, DefaultDrift, [QualityRule.DefaultFor(task)]);
}

/// <summary>PSI and KS limits a distribution must meet; null = not gated (still reported).</summary>
public sealed record DriftRules(ThresholdRule? Psi, ThresholdRule? Ks)
{
    public static readonly DriftRules Off = new(null, null);
}

/// <summary>
/// A live metric's limit: <see cref="MaxDrop"/> below the offline evaluation of the same version (absolute, or "2%"
/// relative), and/or an absolute <see cref="Threshold"/>. "Drop" follows the metric's direction (log loss rising is a drop).
/// </summary>
public sealed record QualityRule(string Metric, MarginRule? MaxDrop, ThresholdRule? Threshold)
{
    public static QualityRule DefaultFor(ModelTask task) => new(Metrics.MetricCatalog.Primary(task), new MarginRule(Metrics.MetricCatalog.Primary(task), 0.03, false), null);
}
