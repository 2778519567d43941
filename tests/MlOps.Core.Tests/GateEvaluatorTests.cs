using MlOps.Core.Gates;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

public class GateEvaluatorTests
{
    private static readonly Dictionary<string, double> Candidate = new() { ["auc"] = 0.880, ["logloss"] = 0.31, ["accuracy"] = 0.85 };

    [Test]
    public void Thresholds_pass_and_fail()
    {
        var outcome = GateEvaluator.Evaluate(ModelTask.BinaryClassification, Candidate,
            [new ThresholdRule("auc", Comparison.AtLeast, 0.85), new ThresholdRule("logloss", Comparison.Below, 0.3)], null, []);
        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Failures.Single().Metric, Is.EqualTo("logloss"));
        Assert.That(outcome.Failures.Single().Message, Is.EqualTo("logloss = 0.3100 does not meet < 0.3"));
    }

    [Test]
    public void Baseline_margin_knows_the_direction_of_each_metric()
    {
        var baseline = new Dictionary<string, double> { ["auc"] = 0.890, ["logloss"] = 0.30, ["accuracy"] = 0.85 };
        var outcome = GateEvaluator.Evaluate(ModelTask.BinaryClassification, Candidate, [], baseline,
            [new MarginRule("auc", 0.005, false), new MarginRule("logloss", 0.05, true)]);
        var auc = outcome.Checks.Single(c => c.Metric == "auc");
        Assert.That(auc.Passed, Is.False, "0.880 is 0.010 below 0.890, beyond the 0.005 margin");
        Assert.That(auc.Limit, Is.EqualTo(0.885).Within(1e-12));
        Assert.That(auc.Message, Does.Contain("-0.0100, worse").And.Contain("regressed beyond the margin 0.005"));
        var logloss = outcome.Checks.Single(c => c.Metric == "logloss");
        Assert.That(logloss.Passed, Is.True, "0.31 is within 5% of 0.30 (limit 0.315) and lower is better");
        Assert.That(logloss.Limit, Is.EqualTo(0.315).Within(1e-12));
    }

    [Test]
    public void Better_than_baseline_passes_and_nan_fails()
    {
        var outcome = GateEvaluator.Evaluate(ModelTask.BinaryClassification, Candidate, [],
            new Dictionary<string, double> { ["auc"] = 0.80 }, [new MarginRule("auc", 0, false)]);
        Assert.That(outcome.Passed, Is.True);
        var nan = GateEvaluator.Evaluate(ModelTask.BinaryClassification, new Dictionary<string, double> { ["auc"] = double.NaN },
            [new ThresholdRule("auc", Comparison.AtLeast, 0.5)], null, []);
        Assert.That(nan.Passed, Is.False);
    }

    [TestCase(">= 0.85", Comparison.AtLeast, 0.85)]
    [TestCase("<0.2", Comparison.Below, 0.2)]
    [TestCase(" > 1e-3 ", Comparison.Above, 0.001)]
    public void Threshold_text_parses(string text, Comparison op, double value) =>
        Assert.That(ThresholdRule.TryParse("auc", text, out _), Is.EqualTo(new ThresholdRule("auc", op, value)));
}
