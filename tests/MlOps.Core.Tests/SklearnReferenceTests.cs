using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

/// <summary>
/// Every metric agrees with scikit-learn (Debian python3-sklearn, run as a separate process) on shared datasets:
/// Adult for binary, iris for multiclass, California housing for regression, with predictions from simple scorecards.
/// </summary>
public class SklearnReferenceTests
{
    private static Dictionary<string, double> Sklearn(string kind, IEnumerable<string> rows)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"mlops-ref-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, rows.Prepend("header"));
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Assets", "reference_metrics.py"));
            start.ArgumentList.Add(kind);
            start.ArgumentList.Add(csv);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), error);
            return JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertAgree(IReadOnlyDictionary<string, double> ours, Dictionary<string, double> reference)
    {
        foreach (var (metric, expected) in reference)
            Assert.That(ours[metric], Is.EqualTo(expected).Within(1e-9), metric);
    }

    [Test]
    public void Binary_metrics_on_adult_match_sklearn()
    {
        var table = TableLoader.Load(SharedData.Dataset("adult_test.csv"));
        var y = Labels.From(table, ModelTask.BinaryClassification, "income", ">50K").Binary!;
        // Rounded scores create many ties, which is where AUC and average precision implementations differ.
        var p = Enumerable.Range(0, table.RowCount).Select(r => Math.Round(1 / (1 + Math.Exp(-(0.35 * table["education_num"].Numbers[r]
            + 0.04 * table["age"].Numbers[r] - 6))), 2)).ToArray();
        var ours = MetricCalculator.Binary(p, y);
        AssertAgree(ours, Sklearn("binary", p.Select((v, i) => $"{(y[i] ? 1 : 0)},{N(v)}")));
        Assert.That(ours.Keys, Is.EquivalentTo(MetricCatalog.For(ModelTask.BinaryClassification).Select(m => m.Name)), "every binary metric is checked");
    }

    [Test]
    public void Multiclass_metrics_on_iris_match_sklearn()
    {
        var table = TableLoader.Load(SharedData.Dataset("iris.csv"));
        var classes = Labels.Distinct(table["species"]);
        var y = Labels.From(table, ModelTask.MulticlassClassification, "species", null, classes).ClassIndex!;
        var probabilities = table["petal_length_cm"].Numbers.Select(len =>
        {
            double[] raw = [Math.Exp(-len), Math.Exp(-Math.Abs(len - 4.3)), Math.Exp(len - 5.5)];
            return raw.Select(v => v / raw.Sum()).ToArray();
        }).ToArray();
        var ours = MetricCalculator.Compute(Predictions.Multiclass(probabilities, classes), new Labels(ModelTask.MulticlassClassification, ClassIndex: y));
        AssertAgree(ours, Sklearn("multiclass", probabilities.Select((p, i) => $"{y[i]},{string.Join(",", p.Select(N))}")));
        Assert.That(ours.Keys, Is.EquivalentTo(MetricCatalog.For(ModelTask.MulticlassClassification).Select(m => m.Name)));
    }

    [Test]
    public void Regression_metrics_on_california_housing_match_sklearn()
    {
        var table = TableLoader.Load(SharedData.Dataset("california_housing.csv"));
        var y = table["median_house_value"].Numbers;
        var predicted = table["median_income"].Numbers.Select(income => 45000 + 40000 * income).ToArray();
        var ours = MetricCalculator.Regression(predicted, y);
        AssertAgree(ours, Sklearn("regression", y.Select((v, i) => $"{N(v)},{N(predicted[i])}")));
        Assert.That(ours.Keys, Is.EquivalentTo(MetricCatalog.For(ModelTask.Regression).Select(m => m.Name)));
    }

    [Test]
    public void Weighted_metrics_equal_metrics_on_repeated_rows()
    {
        // What the bootstrap relies on: weight 2 is the same as the row appearing twice.
        double[] p = [0.9, 0.2, 0.6, 0.4, 0.7];
        bool[] y = [true, false, false, true, true];
        double[] w = [2, 0, 1, 3, 1];
        var weighted = MetricCalculator.Binary(p, y, w: w);
        var expanded = Enumerable.Range(0, p.Length).SelectMany(i => Enumerable.Repeat(i, (int)w[i])).ToArray();
        var repeated = MetricCalculator.Binary(expanded.Select(i => p[i]).ToArray(), expanded.Select(i => y[i]).ToArray());
        foreach (var (metric, value) in repeated)
            Assert.That(weighted[metric], Is.EqualTo(value).Within(1e-12), metric);
    }
}
