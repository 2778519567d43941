using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
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
        using var first = ModelLoader.Load(firstModel);
        using var second = secondModel is null ? null : ModelLoader.Load(secondModel);
        if (second is not null) EnsureComparable(first.Card, second.Card);
        var (firstTable, secondTable) = TypedTables(ReadCsv(dataPath), first.Card, second?.Card, notes);
        // The raw text rows are garbage by now: only the typed columns stay in memory while the models score.
        ModelInput.EnsureFeatures(firstTable, first.Card);
        if (second is not null) ModelInput.EnsureFeatures(secondTable!, second.Card);
        var labelsTimer = PhaseTimer.Measure("labels");
        var firstLabels = LabelsOf(firstTable, first.Card);
        // Same rows and same label definition: share the labels, so work keyed by them (the score sort) is shared too.
        var secondLabels = second is null ? null
            : ReferenceEquals(secondTable, firstTable) && second.Card.Positive == first.Card.Positive ? firstLabels : LabelsOf(secondTable!, second.Card);
        // ONNX Runtime runs a tree ensemble behind one-hot featurization on about one core (string inputs, encoders and
        // concatenation are sequential), so the two models score side by side rather than one after the other.
        labelsTimer.Dispose();
        using var scoring = PhaseTimer.Measure("score both models + point metrics");
        var (a, b) = Concurrently.Both(
            () => ScoreOne(firstTable, first, firstLabels),
            () => second is null ? null : ScoreOne(secondTable!, second, secondLabels!));
        return (a, b, firstTable.RowCount);
    }

    private static CsvReader.RawTable ReadCsv(string path)
    {
        using (PhaseTimer.Measure("read CSV")) return CsvReader.Read(path);
    }

    private static void EnsureComparable(ModelCard first, ModelCard second)
    {
        if (second.Task != first.Task || second.Label != first.Label)
            throw new Core.Errors.InvalidInputException(
                $"cannot compare '{first.Name}' ({first.Task.ToName()}, label {first.Label}) with '{second.Name}' ({second.Task.ToName()}, label {second.Label})");
        if (first.Task == ModelTask.MulticlassClassification && !first.Classes.SequenceEqual(second.Classes))
            throw new Core.Errors.InvalidInputException(
                $"cannot compare models trained on different classes ({string.Join(", ", first.Classes)} vs {string.Join(", ", second.Classes)})");
    }

    /// <summary>
    /// Each model reads the rows with its own column kinds; the rows themselves are the same. When the kinds agree (the
    /// usual case) both models share one typed table rather than parsing the text twice.
    /// </summary>
    private static (Table First, Table? Second) TypedTables(CsvReader.RawTable raw, ModelCard first, ModelCard? second, ICollection<string> notes)
    {
        using var timer = PhaseTimer.Measure("type columns");
        var firstTable = TableLoader.FromRaw(raw, ModelInput.KindsFor(first, raw.Header), notes);
        if (second is null) return (firstTable, null);
        var kinds = ModelInput.KindsFor(second, raw.Header);
        return (firstTable, kinds.All(k => firstTable[k.Key].Kind == k.Value) ? firstTable : TableLoader.FromRaw(raw, kinds, null));
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

    private static Labels LabelsOf(Table table, ModelCard card) =>
        Labels.From(table, card.Task, card.Label, card.Positive, card.Task == ModelTask.MulticlassClassification ? card.Classes : null);

    private static Scored ScoreOne(Table table, IScoringModel model, Labels labels)
    {
        Predictions predictions;
        using (PhaseTimer.Measure($"score {model.Card.Name}")) predictions = model.Predict(table);
        EnsureFinite(predictions, table, model.Card);
        using (PhaseTimer.Measure($"point metrics {model.Card.Name}"))
            return new Scored(MetricCalculator.Compute(predictions, labels), model.Card, predictions, labels, table);
    }
}
