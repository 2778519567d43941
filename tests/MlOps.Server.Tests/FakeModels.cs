using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Server.Tests;

/// <summary>
/// Binary model with a known formula, p = sigmoid((age - 40) / 10 + [sex == "Male"]), a missing age counting as 40,
/// so the server's mapping of rows to predictions can be checked exactly. Keeps the tables it was given.
/// </summary>
internal sealed class FakeBinaryModel : IScoringModel
{
    public ModelCard Card { get; } = new("income", "mlnet", "model.zip", ModelTask.BinaryClassification, "income", ">50K",
        ["<=50K", ">50K"], [new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("sex", ColumnKind.Categorical)]);

    /// <summary>Replaces the formula, e.g. to throw or to block the warm-up.</summary>
    public Func<Table, Predictions>? Override { get; set; }

    public List<Table> Seen { get; } = [];

    public static double Expected(double age, string? sex) =>
        1 / (1 + Math.Exp(-((double.IsNaN(age) ? 0 : (age - 40) / 10) + (sex == "Male" ? 1 : 0))));

    public Predictions Predict(Table table)
    {
        lock (Seen) Seen.Add(table);
        return Override?.Invoke(table) ?? Predictions.Binary(Enumerable.Range(0, table.RowCount)
            .Select(r => Expected(table["age"].Numbers[r], table["sex"].Strings[r]))
            .ToArray());
    }

    public void Dispose() { }
}

/// <summary>value = 1000 * rooms, so a missing rooms gives NaN (which the server must send as null).</summary>
internal sealed class FakeRegressionModel : IScoringModel
{
    public ModelCard Card { get; } = new("houses", "mlnet", "model.zip", ModelTask.Regression, "value", null, [],
        [new FeatureInfo("rooms", ColumnKind.Numeric)]);

    public Predictions Predict(Table table) => Predictions.Regression(table["rooms"].Numbers.Select(r => r * 1000).ToArray());

    public void Dispose() { }
}

/// <summary>Three classes; the petal length picks which one gets 0.7.</summary>
internal sealed class FakeMulticlassModel : IScoringModel
{
    public ModelCard Card { get; } = new("iris", "mlnet", "model.zip", ModelTask.MulticlassClassification, "species", null,
        ["setosa", "versicolor", "virginica"], [new FeatureInfo("petal", ColumnKind.Numeric)]);

    public Predictions Predict(Table table) => Predictions.Multiclass(table["petal"].Numbers.Select(p => p switch
    {
        < 2 => new[] { 0.7, 0.2, 0.1 },
        < 5 => new[] { 0.1, 0.7, 0.2 },
        >= 5 => new[] { 0.1, 0.2, 0.7 },
        _ => new[] { double.NaN, double.NaN, double.NaN },
    }).ToArray(), Card.Classes);

    public void Dispose() { }
}
