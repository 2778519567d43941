using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

public class MetricCalculatorTests
{
    [Test]
    public void Binary_metrics_match_hand_computed_values()
    {
        double[] p = [0.9, 0.8, 0.3, 0.6, 0.2, 0.1];
        bool[] y = [true, true, true, false, false, false];
        var m = MetricCalculator.Binary(p, y);
        // Pairs (pos, neg): 9 in all; only 0.3 < 0.6 is misordered -> 8/9.
        Assert.That(m["auc"], Is.EqualTo(8.0 / 9).Within(1e-12));
        // At 0.5: tp=2 (0.9, 0.8), fp=1 (0.6), fn=1 (0.3), tn=2.
        Assert.That(m["accuracy"], Is.EqualTo(4.0 / 6).Within(1e-12));
        Assert.That(m["precision"], Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(m["recall"], Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(m["f1"], Is.EqualTo(2.0 / 3).Within(1e-12));
        var expectedLogLoss = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.4) + Math.Log(0.8) + Math.Log(0.9)) / 6;
        Assert.That(m["logloss"], Is.EqualTo(expectedLogLoss).Within(1e-12));
    }

    [Test]
    public void Auc_averages_ties()
    {
        Assert.That(MetricCalculator.Auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), Is.EqualTo(0.5));
        Assert.That(MetricCalculator.Auc([0.1, 0.5, 0.5, 0.9], [false, true, false, true]), Is.EqualTo(0.875));
        Assert.That(double.IsNaN(MetricCalculator.Auc([0.1, 0.2], [true, true])), Is.True);
    }

    [Test]
    public void Regression_metrics()
    {
        var m = MetricCalculator.Regression([2, 4, 6], [1, 4, 7]);
        Assert.That(m["rmse"], Is.EqualTo(Math.Sqrt(2.0 / 3)).Within(1e-12));
        Assert.That(m["mae"], Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(m["r2"], Is.EqualTo(1 - 2.0 / 18).Within(1e-12));
    }

    [Test]
    public void Multiclass_metrics()
    {
        var predictions = Predictions.Multiclass(
            [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], ["a", "b", "c"]);
        var m = MetricCalculator.Compute(predictions, new Labels(ModelTask.MulticlassClassification, ClassIndex: [0, 1, 2, 1]));
        Assert.That(m["accuracy"], Is.EqualTo(0.75));
        // F1: a = 2*(0.5*1)/(1.5) = 2/3, b = 2*(1*0.5)/1.5 = 2/3, c = 1 -> macro 7/9.
        Assert.That(m["macro-f1"], Is.EqualTo(7.0 / 9).Within(1e-12));
        Assert.That(m["logloss"], Is.EqualTo(-(Math.Log(0.7) + Math.Log(0.8) + Math.Log(0.5) + Math.Log(0.3)) / 4).Within(1e-12));
    }

    [Test]
    public void Class_breakdown_has_the_confusion_matrix_and_per_class_rates()
    {
        var predictions = Predictions.Multiclass(
            [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], ["a", "b", "c"]);
        var breakdown = ClassBreakdown.Compute(predictions, [0, 1, 2, 1]);
        Assert.That(breakdown.Confusion, Is.EqualTo(new[] { new[] { 1, 0, 0 }, new[] { 1, 1, 0 }, new[] { 0, 0, 1 } }));
        Assert.That(breakdown.PerClass, Is.EqualTo(new[]
        {
            new ClassScores("a", 1, 0.5, 1), new ClassScores("b", 2, 1, 0.5), new ClassScores("c", 1, 1, 1),
        }));
    }
}
