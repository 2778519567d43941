namespace MlOps.Core.DataChecks;

/// <summary>
/// Drift of one feature between the model's training data and the data being evaluated: PSI for every feature
/// (categories, or the training deciles of a number) and the Kolmogorov-Smirnov statistic for numbers.
/// </summary>
public sealed record DriftResult(string Feature, string Kind, double Psi, double? Ks, bool Passed, string? Detail = null);
