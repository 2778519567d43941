using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Core.Metrics;

namespace MlOps.Steps.Common;

/// <summary>Scores one or two models on exactly the same rows of one file, so their metrics can be compared.</summary>
public static class PairedScoring
{
    public sealed record Scored(IReadOnlyDictionary<string, double> Metrics, ModelCard Card, Predictions Predictions, Labels Labels, Table Table);

    public static (Scored First, Scored? Second, int Rows) Score(string dataPath, string firstModel, string? secondModel, ICollection<string> notes)
    {
        var raw = CsvReader.Read(dataPath);
        using var first = ModelLoader.Load(firstModel);
        var a = ScoreOne(raw, first, notes, null);
        if (secondModel is null) return (a, null, raw.Rows.Count);
        using var second = ModelLoader.Load(secondModel);
        if (second.Card.Task != first.Card.Task || second.Card.Label != first.Card.Label)
            throw new Core.Errors.InvalidInputException(
                $"cannot compare '{first.Card.Name}' ({first.Card.Task.ToName()}, label {first.Card.Label}) with '{second.Card.Name}' ({second.Card.Task.ToName()}, label {second.Card.Label})");
        if (first.Card.Task == ModelTask.MulticlassClassification && !first.Card.Classes.SequenceEqual(second.Card.Classes))
            throw new Core.Errors.InvalidInputException(
                $"cannot compare models trained on different classes ({string.Join(", ", first.Card.Classes)} vs {string.Join(", ", second.Card.Classes)})");
        return (a, ScoreOne(raw, second, null, a), raw.Rows.Count);
    }

    /// <summary>A NaN score would silently turn every metric into NaN; say which model and which rows instead.</summary>
    private static void EnsureFinite(Predictions p, Table table, ModelCard card)
    {
        var bad = Enumerable.Range(0, p.Count).Where(i => p.Task switch
        {
            ModelTask.BinaryClassification => !double.IsFinite(p.Probabilities![i]),
            ModelTask.MulticlassClassification => p.ClassProbabilities![i].Any(v => !double.IsFinite(v)),
            _ => !double.IsFinite(p.Values![i]),
        }).ToList();
        if (bad.Count > 0)
            throw new Core.Errors.InvalidInputException(
                $"model '{card.Name}' returned NaN or infinite scores for {bad.Count} of {p.Count} rows (first at {table.Locate(bad[0])}); check the model and those rows' values");
    }

    private static Scored ScoreOne(CsvReader.RawTable raw, IScoringModel model, ICollection<string>? notes, Scored? other)
    {
        // Each model reads the rows with its own column kinds; the rows themselves are the same. When the kinds agree
        // (the usual case) the other model's typed table is reused rather than parsed again.
        var kinds = ModelInput.KindsFor(model.Card, raw.Header);
        var table = other is not null && kinds.All(k => other.Table[k.Key].Kind == k.Value)
            ? other.Table
            : TableLoader.FromRaw(raw, kinds, notes);
        ModelInput.EnsureFeatures(table, model.Card);
        var card = model.Card;
        var labels = Labels.From(table, card.Task, card.Label, card.Positive, card.Task == ModelTask.MulticlassClassification ? card.Classes : null);
        var predictions = model.Predict(table);
        EnsureFinite(predictions, table, model.Card);
        return new Scored(MetricCalculator.Compute(predictions, labels), card, predictions, labels, table);
    }
}
