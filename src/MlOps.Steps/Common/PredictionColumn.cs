using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Common;

/// <summary>
/// The one number or label per row that stands for a model's output when its distribution is watched: the positive
/// class's probability (binary), the predicted value (regression), the predicted label (multiclass). Training profiles
/// it and monitoring compares live outputs with that profile, so both must mean the same thing.
/// </summary>
public static class PredictionColumn
{
    public const string Name = "prediction";

    public static TableColumn From(ModelCard card, Predictions p) => card.Task switch
    {
        ModelTask.BinaryClassification => TableColumn.Numeric(Name, p.Probabilities!),
        ModelTask.Regression => TableColumn.Numeric(Name, p.Values!),
        _ => TableColumn.Categorical(Name, Enumerable.Range(0, p.Count)
            .Select(i => p.ClassProbabilities![i].Any(double.IsFinite) ? ClassesOf(card, p)[p.PredictedClass(i)] : null).ToArray()),
    };

    /// <summary>The model's own class order wins: its probabilities are in that order.</summary>
    public static IReadOnlyList<string> ClassesOf(ModelCard card, Predictions p) => p.Classes is { Count: > 0 } own ? own : card.Classes;
}
