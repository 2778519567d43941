using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Statistics;

namespace MlOps.Core.Tests;

public class BinaryResamplerTests
{
    private static readonly string[] AllBinaryMetrics =
        ["auc", "accuracy", "f1", "precision", "recall", "logloss", "pr-auc", "balanced-accuracy", "brier", "ece"];

    [Test]
    public void Fast_bootstrap_kernel_gives_the_same_deltas_as_the_metric_calculator_with_the_same_weights()
    {
        var random = new Random(3);
        const int n = 5000;
        var y = new bool[n];
        double[] c = new double[n], b = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = random.NextDouble() < 0.25;
            // Rounded scores: many ties, which is where AUC and average precision are easy to get wrong.
            c[i] = Math.Round(SignificanceTests.Sigmoid((y[i] ? 1 : 0) + SignificanceTests.Gaussian(random)), 2);
            b[i] = Math.Round(SignificanceTests.Sigmoid((y[i] ? 1.2 : 0) + SignificanceTests.Gaussian(random)), 2);
        }
        var sample = new PairedSample(Predictions.Binary(c), Predictions.Binary(b), new Labels(ModelTask.BinaryClassification, Binary: y));
        var kernel = new BinaryResampler(sample, AllBinaryMetrics);
        var weights = new byte[n];
        var deltas = new double[AllBinaryMetrics.Length];
        for (var resample = 0; resample < 3; resample++)
        {
            PoissonWeights.Fill(weights, 11, resample);
            kernel.Deltas(weights, deltas);
            var w = kernel.ToRowOrder(weights);
            var candidate = MetricCalculator.Binary(c, y, 0.5, w);
            var baseline = MetricCalculator.Binary(b, y, 0.5, w);
            for (var m = 0; m < AllBinaryMetrics.Length; m++)
            {
                var name = AllBinaryMetrics[m];
                Assert.That(deltas[m], Is.EqualTo(candidate[name] - baseline[name]).Within(1e-12), name);
            }
            Assert.That(deltas[0], Is.Not.EqualTo(0), "the two models differ, so the comparison has something to show");
        }
    }

    [Test]
    public void Poisson_weights_have_mean_and_variance_one_and_depend_only_on_seed_and_resample()
    {
        var weights = new byte[1_000_000];
        PoissonWeights.Fill(weights, 0, 0);
        var mean = weights.Average(x => (double)x);
        var variance = weights.Average(x => (x - mean) * (x - mean));
        Assert.That(mean, Is.EqualTo(1).Within(0.005));
        Assert.That(variance, Is.EqualTo(1).Within(0.01));
        Assert.That(weights.Count(x => x == 0) / 1e6, Is.EqualTo(Math.Exp(-1)).Within(0.002), "P(row left out) = 1/e");
        Assert.That(weights.Count(x => x == 2) / 1e6, Is.EqualTo(Math.Exp(-1) / 2).Within(0.002));

        var again = new byte[weights.Length];
        PoissonWeights.Fill(again, 0, 0);
        Assert.That(again, Is.EqualTo(weights), "same seed and resample, same weights");
        PoissonWeights.Fill(again, 0, 1);
        Assert.That(again.Zip(weights).Count(p => p.First != p.Second), Is.GreaterThan(400_000), "another resample is another draw");
    }

    [TestCase(1_000_003, 7, 3, 0xB2B969301DB15459UL, TestName = "a million rows (blocks of 32, an odd tail, draws of five and more)")]
    [TestCase(45, 0, 0, 0xC5042492B9BBAAAAUL, TestName = "one block and a tail holding a draw of six")]
    [TestCase(31, 1, 2, 0x8914E6767848FAABUL, TestName = "shorter than one block")]
    public void Poisson_weights_are_the_draws_earlier_versions_made_so_a_rerun_check_keeps_its_verdict(int rows, int seed, int resample, ulong fingerprint)
    {
        // Fingerprints taken from the one-draw-at-a-time generator before the weights were drawn 32 at a time: the
        // same seed must keep giving the same intervals and p-values, or re-running an old PR check could flip it.
        var weights = new byte[rows];
        PoissonWeights.Fill(weights, seed, resample);
        var hash = 14695981039346656037UL;
        foreach (var w in weights) hash = (hash ^ w) * 1099511628211UL;
        Assert.That(hash, Is.EqualTo(fingerprint), $"FNV-1a of the weights for seed {seed}, resample {resample}");
    }
}
