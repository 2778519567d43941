using MlOps.Core.DataChecks;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Slicing;

namespace MlOps.Reports.Tests;

/// <summary>
/// Realistic reports for the HTML tests: a binary gate with curves computed from synthetic scores, slices (one too
/// small to gate, one with a hostile value), fairness and drift; and a regression report that has no curves.
/// </summary>
internal static class SampleReports
{
    public const string Hostile = "<script>alert(1)</script>";

    public static readonly GateCheck FailedAuc = new(GateKind.Baseline, "auc", "not worse than baseline by more than 0.005",
        0.871, 0.9215, 0.9165, false, "auc 0.8710 < baseline 0.9215 & regressed beyond the margin 0.005",
        Lower: -0.0612, Upper: -0.0398);

    public static GateReport Binary(IReadOnlyList<DriftResult>? drift = null)
    {
        var (labels, candidate, baseline) = Scores(2000, seed: 7);
        var auc = new MetricRow("auc", "ROC AUC", true, 0.871, 0.9215);
        return new GateReport("mlops gate · adult-income", "quality gate failed: auc regressed", false, "binary-classification",
            new ModelIdentity("runs/candidate", "/tmp/c", "aaaaaaaaaaaaaaaaaaaa", null),
            new ModelIdentity("adult-income@production", "/tmp/p", "bbbbbbbbbbbbbbbbbbbb", "adult-income:3"),
            new DataIdentity("/data/adult_test.csv", "cccccccccccccccc", labels.Length),
            [auc, new MetricRow("logloss", "Log loss", false, 0.35, 0.28)],
            [new GateCheck(GateKind.Threshold, "auc", ">= 0.85", 0.871, null, 0.85, true, "auc = 0.8710 meets >= 0.85"), FailedAuc],
            ["slices of 'race' under 200 rows are reported, not gated: " + Hostile], new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
            Slices:
            [
                Slice("sex", "Female", 5421, true, 0.95, 0.94),
                Slice("sex", "Male", 10860, true, 0.90, 0.91),
                Slice("race", Hostile, 135, false, 0.97, 0.96),
            ],
            Fairness: new FairnessSummary("sex", Fairness(0.087, 0.257), Fairness(0.085, 0.26)),
            Charts: new ReportCharts(ModelCurves.Compute(candidate, labels), ModelCurves.Compute(baseline, labels)),
            Drift: drift);
    }

    public static GateReport Regression() => new("mlops gate · house-prices", "quality gate passed", true, "regression",
        new ModelIdentity("runs/candidate", "/tmp/c", "aaaaaaaaaaaaaaaaaaaa", null), null,
        new DataIdentity("/data/houses.csv", "cccccccccccccccc", 500),
        [new MetricRow("rmse", "RMSE", false, 12.5, null)],
        [new GateCheck(GateKind.Threshold, "rmse", "<= 20", 12.5, null, 20, true, "rmse = 12.5000 meets <= 20")],
        [], new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private static SliceResult Slice(string column, string value, int rows, bool gated, double candidate, double baseline) =>
        new(column, value, rows, gated, new Dictionary<string, double> { ["auc"] = candidate, ["logloss"] = 0.3 },
            new Dictionary<string, double> { ["auc"] = baseline, ["logloss"] = 0.3 });

    private static FairnessReport Fairness(double femaleRate, double maleRate) => new(
        [new GroupRates("Female", 5421, femaleRate, 0.60, 0.02), new GroupRates("Male", 10860, maleRate, 0.66, 0.08)],
        new Dictionary<string, double>
        {
            ["demographic-parity-difference"] = maleRate - femaleRate, ["demographic-parity-ratio"] = femaleRate / maleRate,
            ["equal-opportunity-difference"] = 0.06, ["equalized-odds-difference"] = 0.06,
        });

    /// <summary>Two classifiers of different skill on the same labels: separated normal scores through a logistic.</summary>
    private static (bool[] Labels, double[] Candidate, double[] Baseline) Scores(int n, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double Score(bool y, double separation) => 1 / (1 + Math.Exp(-((y ? separation : -separation) + Normal())));
        var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
        return (labels, labels.Select(y => Score(y, 1.0)).ToArray(), labels.Select(y => Score(y, 1.6)).ToArray());
    }
}
