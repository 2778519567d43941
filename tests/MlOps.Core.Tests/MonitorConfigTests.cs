using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Gates;

namespace MlOps.Core.Tests;

/// <summary>The monitor: section: defaults, every key, and errors at mlops.yml:LINE:COL like the rest of the file.</summary>
public class MonitorConfigTests
{
    private const string Model = "model: { name: m, task: binary-classification, label: y }\n";

    private static MlOpsConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(Model + yaml), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string yaml) => Assert.Throws<InvalidInputException>(() => Parse(yaml))!.Message;

    [Test]
    public void Without_the_section_drift_psi_and_a_primary_metric_drop_are_watched()
    {
        var monitor = Parse("").Monitor;
        Assert.That(monitor.MinRows, Is.EqualTo(500));
        Assert.That(monitor.Window, Is.Null);
        Assert.That(monitor.Drift.Psi, Is.EqualTo(new ThresholdRule("psi", Comparison.Below, 0.2)));
        Assert.That(monitor.PredictionDrift.Psi, Is.EqualTo(new ThresholdRule("psi", Comparison.Below, 0.2)));
        Assert.That(monitor.Quality.Single(), Is.EqualTo(new QualityRule("auc", new MarginRule("auc", 0.03, false), null)));
    }

    [Test]
    public void Every_key_is_read()
    {
        var monitor = Parse("""
            monitor:
              min-rows: 1000
              window: 6h
              drift: { psi: "< 0.25", ks: "<= 0.1" }
              prediction-drift: off
              quality:
                auc: { max-drop: 0.02, threshold: ">= 0.8" }
                f1: { max-drop: "5%" }
            """).Monitor;
        Assert.That(monitor.MinRows, Is.EqualTo(1000));
        Assert.That(monitor.Window, Is.EqualTo(new MonitorWindowSpec(TimeSpan.FromHours(6), null)));
        Assert.That(monitor.Drift, Is.EqualTo(new DriftRules(new ThresholdRule("psi", Comparison.Below, 0.25), new ThresholdRule("ks", Comparison.AtMost, 0.1))));
        Assert.That(monitor.PredictionDrift, Is.EqualTo(DriftRules.Off));
        Assert.That(monitor.Quality, Is.EqualTo(new[]
        {
            new QualityRule("auc", new MarginRule("auc", 0.02, false), new ThresholdRule("auc", Comparison.AtLeast, 0.8)),
            new QualityRule("f1", new MarginRule("f1", 0.05, true), null),
        }));
    }

    [TestCase("5000 rows", null, 5000)]
    [TestCase("30m", 30.0, null)]
    [TestCase("1w", 7 * 24 * 60.0, null)]
    public void Windows_are_spans_or_row_counts(string text, double? minutes, int? rows)
    {
        var window = MonitorWindowSpec.TryParse(text, out var error);
        Assert.That(error, Is.Null);
        Assert.That(window!.Span?.TotalMinutes, Is.EqualTo(minutes));
        Assert.That(window.Rows, Is.EqualTo(rows));
    }

    [TestCase("monitor: { min-row: 5 }\n", "mlops.yml:2:12: unknown key 'min-row' in 'monitor' (did you mean 'min-rows'?)")]
    [TestCase("monitor: { window: 3 days }\n", "mlops.yml:2:20: monitor.window: window '3 days' must be a span such as 30m")]
    [TestCase("monitor:\n  drift: { psi: 0.2 }\n", "mlops.yml:3:17: threshold for 'psi' must start with >=, >, <= or <")]
    [TestCase("monitor:\n  quality: { rmse: { max-drop: 1 } }\n", "mlops.yml:3:20: unknown metric 'rmse' for binary-classification")]
    [TestCase("monitor:\n  quality: { auc: { max-drop: -1 } }\n", "mlops.yml:3:31: margin for 'auc' must be a non-negative number")]
    [TestCase("monitor:\n  quality: { auc: {} }\n", "mlops.yml:3:19: monitor.quality.auc needs max-drop")]
    [TestCase("monitor:\n  drift: maybe\n", "mlops.yml:3:10: 'monitor.drift' must be a mapping or off")]
    [TestCase("monitor: { min-rows: 0 }\n", "mlops.yml:2:22: 'monitor.min-rows' must be between 1 and")]
    public void Mistakes_are_located(string yaml, string message) =>
        Assert.That(ErrorOf(yaml), Does.StartWith(message));
}
