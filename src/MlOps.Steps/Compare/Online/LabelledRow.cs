namespace MlOps.Steps.Compare.Online;

/// <summary>A logged prediction with its delayed label turned into what the metrics take, and its per-request loss.</summary>
/// <param name="Positive">Binary: the label is the positive class.</param>
/// <param name="Value">Regression: the true value.</param>
/// <param name="Loss">Log loss (classification) or squared error (regression): what the test compares.</param>
public sealed record LabelledRow(LoggedPrediction Prediction, bool Positive, double Value, string Label, double Loss);
