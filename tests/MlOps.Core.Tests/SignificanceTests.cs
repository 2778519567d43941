using MlOps.Core.Gates;
using MlOps.Core.Modeling;
using MlOps.Core.Statistics;

namespace MlOps.Core.Tests;

public class SignificanceTests
{
    private static PairedSample Sample(int n, double candidateNoise, double baselineNoise, int seed)
    {
        var random = new Random(seed);
        var labels = new bool[n];
        double[] c = new double[n], b = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.3;
            var signal = labels[i] ? 1.0 : 0.0;
            c[i] = Sigmoid(signal + candidateNoise * Gaussian(random));
            b[i] = Sigmoid(signal + baselineNoise * Gaussian(random));
        }
        return new PairedSample(Predictions.Binary(c), Predictions.Binary(b), new Labels(ModelTask.BinaryClassification, Binary: labels));
    }

    internal static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    internal static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static readonly Dictionary<string, double> NoMargin = new() { ["auc"] = 0, ["accuracy"] = 0 };

    [Test]
    public void Bootstrap_is_reproducible_and_its_interval_holds_the_point_estimate()
    {
        var sample = Sample(2000, 0.8, 0.6, 1);
        var settings = SignificanceSettings.Default with { Resamples = 300 };
        var a = PairedBootstrap.Estimate(sample, NoMargin, settings);
        var b = PairedBootstrap.Estimate(sample, NoMargin, settings);
        Assert.That(a["auc"], Is.EqualTo(b["auc"]), "same seed, same verdict on every re-run");
        var auc = a["auc"];
        Assert.That(auc.Difference, Is.LessThan(0), "more noise gives a worse candidate");
        Assert.That(auc.Lower, Is.LessThan(auc.Difference));
        Assert.That(auc.Upper, Is.GreaterThan(auc.Difference));
        Assert.That(auc.Level, Is.EqualTo(0.95));
        Assert.That(a["accuracy"].McNemarPValue, Is.Not.Null);
        Assert.That(auc.McNemarPValue, Is.Null, "McNemar is for accuracy only");
        var other = PairedBootstrap.Estimate(sample, NoMargin, settings with { Seed = 9 });
        Assert.That(other["auc"].Lower, Is.Not.EqualTo(auc.Lower), "the seed drives the resampling");
    }

    [Test]
    public void Mcnemar_exact_tail_matches_the_binomial()
    {
        Assert.That(McNemar.UpperTail(10, 8), Is.EqualTo(56.0 / 1024).Within(1e-12));
        Assert.That(McNemar.UpperTail(10, 0), Is.EqualTo(1));
        Assert.That(McNemar.UpperTail(4000, 2200), Is.LessThan(1e-9), "large counts do not underflow to nonsense");
    }

    [Test]
    public void The_binomial_upper_tail_is_exact_for_any_share_and_bounded_at_the_edges()
    {
        // 1 - P(0) - P(1) - P(2) for Binomial(10, 0.1).
        Assert.That(Binomial.UpperTail(10, 3, 0.1), Is.EqualTo(1 - (Math.Pow(0.9, 10) + 10 * 0.1 * Math.Pow(0.9, 9) + 45 * 0.01 * Math.Pow(0.9, 8))).Within(1e-12));
        Assert.That(Binomial.UpperTail(10, 0, 0.1), Is.EqualTo(1));
        Assert.That(Binomial.UpperTail(10, 11, 0.1), Is.Zero);
        Assert.That(Binomial.UpperTail(10, 1, 0), Is.Zero);
        Assert.That(Binomial.UpperTail(5000, 300, 0.01), Is.LessThan(1e-9), "large counts do not underflow to nonsense");
    }

    private static GateCheck Check(DifferenceEstimate estimate, string rule, double margin = 0.005) =>
        GateEvaluator.Evaluate(ModelTask.BinaryClassification, new Dictionary<string, double> { ["auc"] = 0.90 + estimate.Difference }, [],
            new Dictionary<string, double> { ["auc"] = 0.90 }, [new MarginRule("auc", margin, false)],
            new Dictionary<string, DifferenceEstimate> { ["auc"] = estimate }, rule).Checks.Single();

    [Test]
    public void Significant_rule_fails_only_when_the_whole_interval_is_beyond_the_margin()
    {
        var noisy = new DifferenceEstimate(-0.008, -0.015, -0.001, 0.2, 0.95, 1000);
        var clear = new DifferenceEstimate(-0.012, -0.016, -0.008, 0.001, 0.95, 1000);
        Assert.That(Check(noisy, "significant").Passed, Is.True);
        Assert.That(Check(noisy, "significant").Message, Does.Contain("beyond the margin 0.005 but not significantly (p = 0.200)"));
        Assert.That(Check(clear, "significant").Passed, Is.False);
        Assert.That(Check(clear, "significant").Message, Does.Contain("95% CI [-0.0160, -0.0080]").And.Contain("significantly (p = 0.001)"));
    }

    [Test]
    public void Strict_rule_fails_when_the_interval_reaches_beyond_the_margin()
    {
        var tight = new DifferenceEstimate(-0.001, -0.004, 0.002, 0.9, 0.95, 1000);
        var wide = new DifferenceEstimate(0.001, -0.007, 0.009, 0.7, 0.95, 1000);
        Assert.That(Check(tight, "strict").Passed, Is.True);
        Assert.That(Check(tight, "strict").Message, Does.Contain("shown not worse than the margin"));
        Assert.That(Check(wide, "strict").Passed, Is.False, "better on average, but a regression of 0.007 cannot be ruled out");
        Assert.That(Check(wide, "significant").Passed, Is.True);
    }

    [Test]
    public void Lower_is_better_metrics_use_the_other_end()
    {
        var worseLogLoss = new DifferenceEstimate(0.03, 0.02, 0.04, 0.001, 0.95, 1000);
        var outcome = GateEvaluator.Evaluate(ModelTask.BinaryClassification, new Dictionary<string, double> { ["logloss"] = 0.33 }, [],
            new Dictionary<string, double> { ["logloss"] = 0.30 }, [new MarginRule("logloss", 0.01, false)],
            new Dictionary<string, DifferenceEstimate> { ["logloss"] = worseLogLoss });
        Assert.That(outcome.Passed, Is.False);
    }
}
