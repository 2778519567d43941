using MlOps.Core.Data;
using MlOps.Core.Gates;
using MlOps.Core.Modeling;
using MlOps.Core.Slicing;

namespace MlOps.Core.Tests;

public class SlicingTests
{
    [Test]
    public void Categories_and_missing_values_become_slices()
    {
        var table = new Table([TableColumn.Categorical("sex", ["F", "M", null, "F"])]);
        var slices = Slicer.Build(table, "sex", 4);
        Assert.That(slices.Select(s => (s.Value, s.Rows)), Is.EqualTo(new[] { ("(missing)", 1), ("F", 2), ("M", 1) }));
        Assert.That(slices[1].Weights, Is.EqualTo(new double[] { 1, 0, 0, 1 }));
    }

    [Test]
    public void Numbers_are_cut_at_quantiles()
    {
        var table = new Table([TableColumn.Numeric("age", [.. Enumerable.Range(0, 100).Select(i => (double)i), double.NaN])]);
        var slices = Slicer.Build(table, "age", 4);
        Assert.That(slices.Select(s => s.Value), Is.EquivalentTo(new[] { "[-inf, 24)", "[24, 49)", "[49, 74)", "[74, inf)", "(missing)" }));
        Assert.That(slices.Where(s => s.Value != "(missing)").Select(s => s.Rows), Is.EqualTo(new[] { 24, 25, 25, 26 }));
    }

    [Test]
    public void Fairness_metrics_match_hand_computed_rates()
    {
        // Group A: 4 rows, selects 2 (one TP of 2 positives, one FP of 2 negatives). Group B: 4 rows, selects 1 (TP of 1 positive).
        double[] p = [0.9, 0.2, 0.7, 0.1, 0.8, 0.3, 0.2, 0.1];
        bool[] y = [true, true, false, false, true, false, false, false];
        var table = new Table([TableColumn.Categorical("g", ["A", "A", "A", "A", "B", "B", "B", "B"])]);
        var report = FairnessReport.Compute(p, y, Slicer.Build(table, "g", 4));
        Assert.That(report.Metrics["demographic-parity-difference"], Is.EqualTo(0.25).Within(1e-12));
        Assert.That(report.Metrics["demographic-parity-ratio"], Is.EqualTo(0.5).Within(1e-12));
        Assert.That(report.Metrics["equal-opportunity-difference"], Is.EqualTo(0.5).Within(1e-12), "TPR 0.5 vs 1.0");
        Assert.That(report.Metrics["equalized-odds-difference"], Is.EqualTo(0.5).Within(1e-12), "max(TPR gap 0.5, FPR gap 0.5)");
    }

    [Test]
    public void A_slice_that_regresses_fails_and_a_small_slice_is_not_gated()
    {
        var groups = Enumerable.Range(0, 300).Select(i => i < 250 ? "big" : "small").ToArray();
        var y = Enumerable.Range(0, 300).Select(i => i % 2 == 0).ToArray();
        var baseline = y.Select(v => v ? 0.8 : 0.2).ToArray();
        // The candidate is as good as the baseline on "small" rows but random on "big" ones.
        var candidate = Enumerable.Range(0, 300).Select(i => groups[i] == "big" ? (i % 3 == 0 ? 0.8 : 0.2) : baseline[i]).ToArray();
        var table = new Table([TableColumn.Categorical("segment", groups)]);
        var settings = new SliceSettings(["segment"], 100, 4, [new MarginRule("auc", 0.02, false)]);
        var (slices, checks) = SliceEvaluator.Slices(table, new Labels(ModelTask.BinaryClassification, Binary: y),
            Predictions.Binary(candidate), Predictions.Binary(baseline), settings);
        Assert.That(slices.Single(s => s.Value == "small").Gated, Is.False);
        var check = checks.Single();
        Assert.That(check.Kind, Is.EqualTo(GateKind.Slice));
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Message, Does.StartWith("slice segment=big (250 rows): auc"));
    }
}
