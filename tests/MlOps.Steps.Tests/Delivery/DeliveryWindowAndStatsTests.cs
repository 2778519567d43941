using MlOps.Core.Errors;
using MlOps.Steps.Delivery;
using static MlOps.Steps.Tests.Delivery.History;

namespace MlOps.Steps.Tests.Delivery;

/// <summary>--since parsing and the two statistics, whose exact definitions the README states.</summary>
public class DeliveryWindowAndStatsTests
{
    [TestCase("30d", 30)]
    [TestCase("2w", 14)]
    [TestCase("12h", 0.5)]
    [TestCase("2025-11-23", 7)]
    [TestCase("2025-11-29T12:00:00Z", 0.5)]
    [TestCase("2025-11-29T13:00:00+01:00", 0.5)]
    public void Since_is_a_period_or_a_date(string since, double days)
    {
        var window = DeliveryWindow.Parse(since, Nov(30));
        Assert.That(window.Days, Is.EqualTo(days));
        Assert.That(window.To, Is.EqualTo(Nov(30)));
        Assert.That(window.Since, Is.EqualTo(since));
    }

    [TestCase("last tuesday")]
    [TestCase("30x")]
    [TestCase("-3d")]
    [TestCase("0d")]
    [TestCase("")]
    public void A_bad_since_is_invalid_input_naming_the_value(string since)
    {
        var e = Assert.Throws<InvalidInputException>(() => DeliveryWindow.Parse(since, Nov(30)))!;
        Assert.That(e.Message, Does.Contain($"--since '{since}'"));
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
    }

    [Test]
    public void A_since_in_the_future_is_refused()
    {
        var e = Assert.Throws<InvalidInputException>(() => DeliveryWindow.Parse("2025-12-01", Nov(30)))!;
        Assert.That(e.Message, Does.Contain("not in the past"));
    }

    [Test]
    public void Median_and_nearest_rank_p90()
    {
        Assert.That(DeliveryStats.Median([5, 1, 3]), Is.EqualTo(3));
        Assert.That(DeliveryStats.Median([4, 1, 3, 2]), Is.EqualTo(2.5));
        Assert.That(DeliveryStats.Median([]), Is.Null);
        double[] ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        Assert.That(DeliveryStats.Percentile(ten, 0.9), Is.EqualTo(9), "rank ceil(9.0) = 9");
        Assert.That(DeliveryStats.Percentile([.. ten, 11], 0.9), Is.EqualTo(10), "rank ceil(9.9) = 10");
        Assert.That(DeliveryStats.Percentile([6, 5, 4, 3, 2, 1], 0.9), Is.EqualTo(6), "rank ceil(5.4) = 6, not the rounded 5");
        Assert.That(DeliveryStats.Percentile([7], 0.9), Is.EqualTo(7));
        Assert.That(DeliveryStats.Percentile([], 0.9), Is.Null);
    }

    [TestCase(0.25, "15m")]
    [TestCase(0.001, "<1m")]
    [TestCase(0.0, "0m")]
    [TestCase(5.5, "5h 30m")]
    [TestCase(49, "2d 1h")]
    [TestCase(null, "-")]
    public void Durations_read_at_a_glance(double? hours, string text) =>
        Assert.That(DeliveryTable.Duration(hours), Is.EqualTo(text));
}
