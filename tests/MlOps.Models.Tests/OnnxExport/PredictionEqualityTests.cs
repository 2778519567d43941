using MlOps.Core.Data;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>
/// The exported ONNX model must predict what the ML.NET model predicts, on every row a user would score:
/// the whole Adult test file (categories unseen in training and missing categories included) and all of
/// California housing (missing total_bedrooms included).
/// </summary>
[Parallelizable(ParallelScope.None)]
public class PredictionEqualityTests
{
    [TestCase("fasttree")]
    [TestCase("lightgbm")]
    [TestCase("linear")]
    public async Task Adult_test_probabilities_match_mlnet_on_every_row(string trainer)
    {
        var pair = await TrainedPair.AdultBinary(trainer);
        var (mlnet, onnx) = pair.Predict();

        Assert.That(onnx.Count, Is.EqualTo(pair.Test.RowCount));
        var worst = MaxAbsDifference(mlnet.Probabilities!, onnx.Probabilities!);
        TestContext.Out.WriteLine($"adult {trainer}: max |p_onnx - p_mlnet| = {worst.Difference:E3} (row {worst.Row}) over {onnx.Count} rows");
        Assert.That(worst.Difference, Is.LessThanOrEqualTo(1e-5), $"row {worst.Row} of adult_test.csv");
        // Guards against a degenerate model passing the comparison: the probabilities must spread out.
        Assert.That(onnx.Probabilities!.Max() - onnx.Probabilities!.Min(), Is.GreaterThan(0.5));
    }

    [Test]
    public async Task Non_ascii_and_very_long_categories_reach_onnx_runtime_as_mlnet_reads_them()
    {
        var renames = new Dictionary<string, string> { ["Private"] = "Privé – ü 私", ["Self-emp-not-inc"] = new string('ß', 300) };
        var pair = await TrainedPair.AdultRenamedCategories(renames);
        var (mlnet, onnx) = pair.Predict();

        var workclass = pair.Test["workclass"].Strings;
        // The same rows with a workclass the model never saw: a renamed category ONNX Runtime failed to match would
        // score like this, so on its rows the model must answer differently, or the comparison proves nothing.
        using var model = ModelLoader.Load(pair.OnnxDir);
        var asUnknown = model.Predict(new Table(pair.Test.Columns.Select(c => c.Name != "workclass" ? c
            : TableColumn.Categorical(c.Name, c.Strings.Select(_ => (string?)"never seen").ToArray())).ToList())).Probabilities!;
        foreach (var renamed in renames.Values)
        {
            var rows = Enumerable.Range(0, workclass.Length).Where(r => workclass[r] == renamed).ToArray();
            var shown = renamed[..Math.Min(12, renamed.Length)];
            Assert.That(rows, Is.Not.Empty, $"'{shown}…' must be in the test rows");
            Assert.That(rows.Max(r => Math.Abs(mlnet.Probabilities![r] - onnx.Probabilities![r])), Is.LessThanOrEqualTo(1e-5), $"rows with workclass '{shown}…'");
            Assert.That(rows.Max(r => Math.Abs(asUnknown[r] - onnx.Probabilities![r])), Is.GreaterThan(1e-4), $"workclass '{shown}…' changes no prediction");
        }
    }

    [TestCase("fasttree")]
    [TestCase("lightgbm")]
    [TestCase("linear")]
    public async Task California_housing_values_match_mlnet_on_every_row(string trainer)
    {
        var pair = await TrainedPair.HousingRegression(trainer);
        var (mlnet, onnx) = pair.Predict();

        Assert.That(onnx.Count, Is.EqualTo(pair.Test.RowCount));
        var worst = MaxRelativeDifference(mlnet.Values!, onnx.Values!);
        TestContext.Out.WriteLine($"housing {trainer}: max relative difference = {worst.Difference:E3} (row {worst.Row}) over {onnx.Count} rows");
        Assert.That(worst.Difference, Is.LessThanOrEqualTo(1e-4), $"row {worst.Row} of california_housing.csv");
        Assert.That(onnx.Values!.Max() - onnx.Values!.Min(), Is.GreaterThan(100_000));
    }

    [Test]
    public async Task Iris_linear_multiclass_probabilities_match_mlnet()
    {
        var pair = await TrainedPair.IrisMulticlass("linear");
        var (mlnet, onnx) = pair.Predict();

        Assert.That(onnx.Classes, Is.EqualTo(mlnet.Classes));
        var flatMlNet = mlnet.ClassProbabilities!.SelectMany(p => p).ToArray();
        var flatOnnx = onnx.ClassProbabilities!.SelectMany(p => p).ToArray();
        Assert.That(flatOnnx, Has.Length.EqualTo(flatMlNet.Length));
        var worst = MaxAbsDifference(flatMlNet, flatOnnx);
        TestContext.Out.WriteLine($"iris linear: max |p_onnx - p_mlnet| = {worst.Difference:E3}");
        Assert.That(worst.Difference, Is.LessThanOrEqualTo(1e-5));
    }

    private static (double Difference, int Row) MaxAbsDifference(double[] expected, double[] actual)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = (Difference: 0.0, Row: -1);
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            if (double.IsNaN(d)) return (double.PositiveInfinity, i);
            if (d > worst.Difference) worst = (d, i);
        }
        return worst;
    }

    private static (double Difference, int Row) MaxRelativeDifference(double[] expected, double[] actual)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = (Difference: 0.0, Row: -1);
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]) / Math.Max(Math.Abs(expected[i]), 1e-6);
            if (double.IsNaN(d)) return (double.PositiveInfinity, i);
            if (d > worst.Difference) worst = (d, i);
        }
        return worst;
    }
}
