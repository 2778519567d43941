using MlOps.Core.Statistics.Online;

namespace MlOps.Core.Tests.Online;

public class OnlineStatisticsTests
{
    [TestCase(0.975, 1.959964)]
    [TestCase(0.5, 0.0)]
    [TestCase(0.01, -2.326348)]
    public void Normal_quantile_matches_tables(double q, double z) => Assert.That(Normal.Quantile(q), Is.EqualTo(z).Within(1e-6));

    [TestCase(1.959964, 0.05)]
    [TestCase(0.0, 1.0)]
    [TestCase(3.0, 0.0026998)]
    public void Two_sided_p_matches_tables(double z, double p) => Assert.That(Normal.TwoSidedP(z), Is.EqualTo(p).Within(1e-6));

    [Test]
    public void Paired_difference_uses_the_variance_of_the_differences()
    {
        var d = new RunningMoments();
        foreach (var x in new[] { -0.1, -0.3, -0.2, -0.2 }) d.Add(x);
        var estimate = LossDifference.FromPairs(d);
        Assert.That(estimate.Estimate, Is.EqualTo(-0.2).Within(1e-12));
        Assert.That(estimate.Variance, Is.EqualTo(0.02 / 3 / 4).Within(1e-12), "s² of the differences over n");
        Assert.That(estimate.EffectiveSamples, Is.EqualTo(4));
    }

    [Test]
    public void Independent_difference_is_welch()
    {
        RunningMoments a = new(), b = new();
        foreach (var x in new[] { 1.0, 2, 3 }) a.Add(x);
        foreach (var x in new[] { 1.0, 1, 1, 2, 2, 2 }) b.Add(x);
        var d = LossDifference.FromIndependent(a, b);
        Assert.That(d.Estimate, Is.EqualTo(1.5 - 2).Within(1e-12));
        Assert.That(d.Variance, Is.EqualTo(1.0 / 3 + 0.3 / 6).Within(1e-12));
        Assert.That(d.Paired, Is.False);
    }

    [Test]
    public void Fixed_horizon_interval_is_the_z_interval()
    {
        var (lower, upper, p) = FixedHorizonTest.Evaluate(new LossDifference(-0.1, 0.0025, 400, true, 400, 400), 0.05);
        Assert.That(lower, Is.EqualTo(-0.1 - 1.959964 * 0.05).Within(1e-6));
        Assert.That(upper, Is.EqualTo(-0.1 + 1.959964 * 0.05).Within(1e-6));
        Assert.That(p, Is.EqualTo(0.0455).Within(1e-4));
    }

    [Test]
    public void The_sequential_interval_is_wider_than_the_fixed_one_and_holds_its_decision()
    {
        var d = new LossDifference(-0.1, 0.0025, 400, true, 400, 400);
        var rho2 = SequentialLossTest.MixingPrecision(0.05, SequentialLossTest.DefaultTuningSamples);
        var (lower, upper, p) = SequentialLossTest.Evaluate(d, 0.05, rho2);
        Assert.That(upper - lower, Is.GreaterThan(2 * 1.96 * 0.05), "the price of looking at any time");
        Assert.That(p, Is.GreaterThan(0.05), "z = 2 is significant once, not under continuous monitoring");
        Assert.That(lower < 0 && upper > 0, Is.EqualTo(p > 0.05), "the interval excludes 0 exactly when p ≤ alpha");
    }
}
