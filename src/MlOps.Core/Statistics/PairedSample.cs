using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Statistics;

/// <summary>Two models' predictions on the same rows with the labels: what a paired comparison resamples.</summary>
public sealed class PairedSample
{

    public PairedSample(Predictions candidate, Predictions baseline, Labels labels)
    {
        if (candidate.Count != labels.Count || baseline.Count != labels.Count)
            throw new ArgumentException("candidate, baseline and labels must cover the same rows");
        Candidate = candidate;
        Baseline = baseline;
        Labels = labels;
        if (labels.Task == ModelTask.BinaryClassification)
        {
            // Sorting once lets every resample compute AUC in one sequential pass.
            CandidateSorted = SortedScores.For(candidate.Probabilities!, labels.Binary!);
            BaselineSorted = SortedScores.For(baseline.Probabilities!, labels.Binary!);
        }
    }

    public Predictions Candidate { get; }
    public Predictions Baseline { get; }
    public Labels Labels { get; }
    public int Count => Labels.Count;

    /// <summary>Binary only: each model's rows in score order, sorted once for every resample.</summary>
    internal SortedScores? CandidateSorted { get; }

    internal SortedScores? BaselineSorted { get; }

    public (Dictionary<string, double> Candidate, Dictionary<string, double> Baseline) Metrics(double[]? weights,
        IReadOnlySet<string>? wanted = null) => Labels.Task switch
    {
        ModelTask.BinaryClassification => (
            MetricCalculator.Binary(Candidate.Probabilities!, Labels.Binary!, 0.5, weights, CandidateSorted, wanted),
            MetricCalculator.Binary(Baseline.Probabilities!, Labels.Binary!, 0.5, weights, BaselineSorted, wanted)),
        ModelTask.MulticlassClassification => (
            MetricCalculator.Multiclass(Candidate, Labels.ClassIndex!, weights),
            MetricCalculator.Multiclass(Baseline, Labels.ClassIndex!, weights)),
        _ => (
            MetricCalculator.Regression(Candidate.Values!, Labels.Values!, weights),
            MetricCalculator.Regression(Baseline.Values!, Labels.Values!, weights)),
    };

    /// <summary>Per row: did each model get it right? (classification only; for McNemar).</summary>
    public (bool Candidate, bool Baseline) Correct(int row) => Labels.Task switch
    {
        ModelTask.BinaryClassification => (Candidate.Probabilities![row] >= 0.5 == Labels.Binary![row], Baseline.Probabilities![row] >= 0.5 == Labels.Binary![row]),
        _ => (Candidate.PredictedClass(row) == Labels.ClassIndex![row], Baseline.PredictedClass(row) == Labels.ClassIndex![row]),
    };
}
