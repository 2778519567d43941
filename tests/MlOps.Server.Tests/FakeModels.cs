using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Server.Tests;

/// <summary>Deterministic models with known outputs, so the server's mapping of rows and predictions can be checked exactly.</summary>
internal sealed class FakeBinaryModel : IScoringModel
{
    public ModelCard Card { get; } = new("income", "mlnet", "model.zip", ModelTask.BinaryClassification, "income", ">50K",
        ["<=50K", ">50K"], [new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("sex", ColumnKind.Categorical)]);

    public Func<Table, Predictions>? Override { get; set; }

    /// <summary>p = age / 100, plus 0.1 for "Male"; a missing age gives 0.5.</summary>
    public Predictions Predict(Table table) => Override?.Invoke(table) ?? Predictions.Binary(Enumerable.Range(0, table.RowCount)
        .Select(r => double.IsNaN(table["age"].Numbers[r]) ? 0.5 : table["age"].Numbers[r] / 100 + (table["sex"].Strings[r] == "Male" ? 0.1 : 0))
        .ToArray());

    public void Dispose() { }
}

internal sealed class FakeRegressionModel : IScoringModel
{
    public ModelCard Card { get; } = new("houses", "mlnet", "model.zip", ModelTask.Regression, "value", null, [],
        [new FeatureInfo("rooms", ColumnKind.Numeric)]);

    public Predictions Predict(Table table) => Predictions.Regression(table["rooms"].Numbers.Select(r => r * 1000).ToArray());

    public void Dispose() { }
}

internal sealed class FakeMulticlassModel : IScoringModel
{
    public ModelCard Card { get; } = new("iris", "mlnet", "model.zip", ModelTask.MulticlassClassification, "species", null,
        ["setosa", "versicolor"], [new FeatureInfo("petal", ColumnKind.Numeric)]);

    public Predictions Predict(Table table) => Predictions.Multiclass(
        table["petal"].Numbers.Select(p => p < 2 ? new[] { 0.9, 0.1 } : new[] { 0.2, 0.8 }).ToArray(), Card.Classes);

    public void Dispose() { }
}
