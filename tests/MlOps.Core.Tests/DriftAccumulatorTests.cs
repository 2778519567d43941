using MlOps.Core.Data;
using MlOps.Core.DataChecks;

namespace MlOps.Core.Tests;

/// <summary>The streaming drift of `mlops monitor` agrees with the in-memory drift of `mlops evaluate` on the same values.</summary>
public class DriftAccumulatorTests
{
    [TestCase(0.0, 1.0)]
    [TestCase(0.3, 1.0)]
    [TestCase(0.0, 2.5)]
    [TestCase(-0.5, 0.5)]
    public void Psi_is_exact_and_ks_within_one_percent_of_the_in_memory_values(double shift, double scale)
    {
        var random = new Random(7);
        var training = TableColumn.Numeric("x", Enumerable.Range(0, 5000).Select(_ => Normal(random)).ToArray());
        var profile = DataProfile.Profile(training);
        var live = TableColumn.Numeric("x", Enumerable.Range(0, 3000)
            .Select(i => i % 97 == 0 ? double.NaN : shift + scale * Normal(random)).ToArray());

        var streamed = new DriftAccumulator(profile);
        foreach (var v in live.Numbers) streamed.Add(v);

        Assert.That(streamed.Psi(), Is.EqualTo(DriftCalculator.Psi(profile, live)).Within(1e-12));
        Assert.That(streamed.Ks()!.Value, Is.EqualTo(DriftCalculator.Ks(profile, live)!.Value).Within(0.01));
    }

    [Test]
    public void Categories_unseen_and_missing_values_count_like_the_in_memory_psi()
    {
        var profile = DataProfile.Profile(TableColumn.Categorical("c", Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : null).ToArray()));
        string?[] live = ["a", "a", "z", null, "b", "y", "a"];
        var streamed = new DriftAccumulator(profile);
        foreach (var v in live) streamed.Add(v);

        Assert.That(streamed.Psi(), Is.EqualTo(DriftCalculator.Psi(profile, TableColumn.Categorical("c", live))).Within(1e-12));
        Assert.That(streamed.Ks(), Is.Null);
    }

    [Test]
    public void Windows_add_up_to_the_whole()
    {
        var profile = DataProfile.Profile(TableColumn.Numeric("x", Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray()));
        var whole = new DriftAccumulator(profile);
        var first = new DriftAccumulator(profile);
        var second = new DriftAccumulator(profile);
        for (var i = 0; i < 600; i++)
        {
            var v = i < 300 ? i / 300.0 : 0.5 + i / 1200.0;
            whole.Add(v);
            (i < 300 ? first : second).Add(v);
        }
        first.Add(second);
        Assert.That(first.Rows, Is.EqualTo(600));
        Assert.That(first.Psi(), Is.EqualTo(whole.Psi()));
        Assert.That(first.Ks(), Is.EqualTo(whole.Ks()));
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
