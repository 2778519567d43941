using MlOps.Core.Statistics.Online;

namespace MlOps.Core.Tests.Online;

/// <summary>
/// The promise of `mlops compare --online`: whoever watches the A/B test and stops the moment it says "winner" is wrong
/// at most alpha of the time. Simulated traffic (binary classifier, per-request log loss): 200 seeded runs of 2,000
/// labelled requests per run, the test looked at after every 100 labels, for mirror (paired) and split (independent).
/// </summary>
[TestFixture]
public class SequentialLossTestSimulationTests
{
    private const int Runs = 200, Samples = 2_000, LookEvery = 100;

    [TestCase(true)]
    [TestCase(false)]
    public void Equal_models_watched_every_100_labels_declare_a_false_winner_in_at_most_5_percent_of_runs(bool paired)
    {
        var falseWinners = CountDecided(paired, championNoise: 0.8, challengerNoise: 0.8, seed: 11, out _);
        TestContext.Out.WriteLine($"{(paired ? "mirror" : "split")}: {falseWinners}/{Runs} runs declared a winner between equal models");
        Assert.That(falseWinners, Is.LessThanOrEqualTo(Runs * 5 / 100));
    }

    /// <summary>
    /// Split needs a larger difference than mirror for the same traffic: each request is scored by one variant, so the
    /// per-request noise of the two models does not cancel (at champion noise 1.0 split finds the challenger in about a third of the runs).
    /// </summary>
    [TestCase(true, 1.0)]
    [TestCase(false, 1.8)]
    public void A_better_challenger_is_found_and_named_in_at_least_90_percent_of_runs(bool paired, double championNoise)
    {
        var found = CountDecided(paired, championNoise, challengerNoise: 0.4, seed: 12, out var challengerWins);
        TestContext.Out.WriteLine($"{(paired ? "mirror" : "split")}: the better challenger was found in {found}/{Runs} runs");
        Assert.That(found, Is.GreaterThanOrEqualTo(Runs * 90 / 100));
        Assert.That(challengerWins, Is.EqualTo(found), "every decision named the challenger");
    }

    /// <summary>The reason for the sequential test: a fixed-sample z-test peeked at every 100 labels declares far more false winners.</summary>
    [Test]
    public void A_fixed_sample_test_peeked_at_every_100_labels_exceeds_5_percent_false_winners()
    {
        var random = new Random(11);
        var falseWinners = 0;
        for (var run = 0; run < Runs; run++)
        {
            var differences = new RunningMoments();
            var declared = false;
            for (var i = 1; i <= Samples; i++)
            {
                var (champion, challenger) = Request(random, 0.8, 0.8);
                differences.Add(challenger - champion);
                if (i % LookEvery == 0 && FixedHorizonTest.Evaluate(LossDifference.FromPairs(differences), 0.05).PValue <= 0.05) declared = true;
            }
            if (declared) falseWinners++;
        }
        TestContext.Out.WriteLine($"fixed-sample test peeked at: {falseWinners}/{Runs} false winners");
        Assert.That(falseWinners, Is.GreaterThan(Runs * 10 / 100));
    }

    private static int CountDecided(bool paired, double championNoise, double challengerNoise, int seed, out int challengerWins)
    {
        var random = new Random(seed);
        var decided = 0;
        challengerWins = 0;
        for (var run = 0; run < Runs; run++)
        {
            var test = new SequentialLossTest(paired);
            for (var i = 1; i <= Samples; i++)
            {
                var (champion, challenger) = Request(random, championNoise, challengerNoise);
                if (paired) test.AddPair(champion, challenger);
                else if (random.Next(2) == 0) test.AddChampion(champion);
                else test.AddChallenger(challenger);
                if (i % LookEvery == 0 && test.Look()) break;
            }
            if (test.Winner == 0) continue;
            decided++;
            if (test.Winner < 0) challengerWins++;
        }
        return decided;
    }

    /// <summary>One labelled request: the true log-odds, a label drawn from it, and each model's log loss on it (its log-odds off by its noise).</summary>
    private static (double Champion, double Challenger) Request(Random random, double championNoise, double challengerNoise)
    {
        var logit = -1 + 1.5 * Gaussian(random);
        var label = random.NextDouble() < Sigmoid(logit);
        return (LogLoss(Sigmoid(logit + championNoise * Gaussian(random)), label), LogLoss(Sigmoid(logit + challengerNoise * Gaussian(random)), label));
    }

    private static double LogLoss(double p, bool label) => -Math.Log(label ? p : 1 - p);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
