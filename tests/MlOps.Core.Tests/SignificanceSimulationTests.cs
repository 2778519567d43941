using MlOps.Core.Data;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Statistics;

namespace MlOps.Core.Tests;

/// <summary>
/// Proves the gate's two error rates on real data (Adult test, 16,281 rows) with the shipped defaults (paired
/// bootstrap, 1,000 resamples, alpha 0.05, rule "significant") and the hardest margin, 0:
/// two models of equal quality must fail at most 5% of the time, and a candidate that is really 1 AUC point worse must be
/// caught at least 90% of the time. Each trial is a new pair of models (fresh noise on a shared signal) and a new
/// bootstrap seed.
/// </summary>
[TestFixture, NonParallelizable]
public class SignificanceSimulationTests
{
    private const int Trials = 120;
    /// <summary>
    /// Logit noise of the baseline around the shared signal. At 0.5 the two models' probabilities correlate at about 0.93
    /// (printed by the tests), as two models from one pipeline and one training set do; larger noise makes them
    /// less alike than retrained models are, and a paired test less powerful.
    /// </summary>
    private const double BaselineNoise = 0.5;
    private double[] _signal = [];
    private bool[] _labels = [];

    [OneTimeSetUp]
    public void LoadAdult()
    {
        var table = TableLoader.Load(SharedData.Dataset("adult_test.csv"));
        _labels = Labels.From(table, ModelTask.BinaryClassification, "income", ">50K").Binary!;
        // A plain scorecard over real columns: the "model" both candidates refine.
        _signal = Enumerable.Range(0, table.RowCount).Select(r =>
            0.03 * table["age"].Numbers[r] + 0.35 * table["education_num"].Numbers[r] + 0.0003 * table["capital_gain"].Numbers[r]
            + 0.03 * table["hours_per_week"].Numbers[r] + (table["marital_status"].Strings[r] == "Married-civ-spouse" ? 2.0 : 0) - 8).ToArray();
    }

    private double[] Model(double noise, Random random) => _signal.Select(s => SignificanceTests.Sigmoid(s + noise * SignificanceTests.Gaussian(random))).ToArray();

    private double MeanAuc(double noise) =>
        Enumerable.Range(0, 6).Average(seed => MetricCalculator.Auc(Model(noise, new Random(1000 + seed)), _labels));

    private double Correlation(double candidateNoise, double baselineNoise)
    {
        var random = new Random(77);
        double[] a = Model(candidateNoise, random), b = Model(baselineNoise, random);
        double ma = a.Average(), mb = b.Average();
        var cov = a.Zip(b).Sum(x => (x.First - ma) * (x.Second - mb));
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
    }

    /// <summary>Noise level whose model is, on average, one AUC point below the baseline's.</summary>
    private double NoiseForOnePointDrop()
    {
        var target = MeanAuc(BaselineNoise) - 0.01;
        double low = BaselineNoise, high = 4 * BaselineNoise;
        for (var i = 0; i < 25; i++)
        {
            var mid = (low + high) / 2;
            if (MeanAuc(mid) > target) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    private double FailureRate(double candidateNoise)
    {
        var failures = 0;
        Parallel.For(0, Trials, trial =>
        {
            var random = new Random(trial);
            var sample = new PairedSample(Predictions.Binary(Model(candidateNoise, random)), Predictions.Binary(Model(BaselineNoise, random)),
                new Labels(ModelTask.BinaryClassification, Binary: _labels));
            var settings = SignificanceSettings.Default with { Seed = trial };
            var estimates = PairedBootstrap.Estimate(sample, new Dictionary<string, double> { ["auc"] = 0 }, settings);
            var (candidate, baseline) = sample.Metrics(null);
            var outcome = GateEvaluator.Evaluate(ModelTask.BinaryClassification, candidate, [], baseline,
                [new MarginRule("auc", 0, false)], estimates, settings.Rule);
            if (!outcome.Passed) Interlocked.Increment(ref failures);
        });
        return (double)failures / Trials;
    }

    [Test]
    public void Equal_models_fail_at_most_5_percent_of_the_time()
    {
        var rate = FailureRate(BaselineNoise);
        TestContext.Out.WriteLine($"false failure rate: {rate:P1} over {Trials} pairs (prediction correlation {Correlation(BaselineNoise, BaselineNoise):0.000})");
        Assert.That(rate, Is.LessThanOrEqualTo(0.05));
    }

    [Test]
    public void A_one_point_auc_drop_is_caught_at_least_90_percent_of_the_time()
    {
        var noise = NoiseForOnePointDrop();
        var rate = FailureRate(noise);
        TestContext.Out.WriteLine($"detection rate: {rate:P1} over {Trials} candidates (noise {noise:0.000}, baseline AUC {MeanAuc(BaselineNoise):0.0000}, " +
                                  $"candidate {MeanAuc(noise):0.0000}, prediction correlation {Correlation(noise, BaselineNoise):0.000})");
        Assert.That(rate, Is.GreaterThanOrEqualTo(0.90));
    }
}
