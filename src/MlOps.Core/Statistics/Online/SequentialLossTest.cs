namespace MlOps.Core.Statistics.Online;

/// <summary>
/// A test of "challenger and champion have the same expected per-request loss" that stays valid however often it is
/// looked at: the normal-mixture sequential probability ratio test (Robbins 1970), i.e. the two-sided normal-mixture
/// confidence sequence of Howard et al. (2021), used with the estimate's plug-in variance as the asymptotic confidence
/// sequences of Waudby-Smith et al. (2024) do. With information n (<see cref="LossDifference.EffectiveSamples"/>),
/// a = nρ², z² = estimate² / variance, the mixture likelihood ratio is Λ = (1 + a)^−½ · exp(a z² / (2(1 + a))); its
/// reciprocal, minimised over every look so far, is an always-valid p-value, and
/// estimate ± √(variance · 2(1 + a)/a · ln(√(1 + a)/α)) is the (1 − α) interval at each look (intersected over looks).
/// ρ² = (−2 ln α + ln(1 − 2 ln α)) / tuning makes the interval narrowest at <c>tuning</c> samples; it stays valid at
/// every other sample size, only wider. The false-winner rate under continuous monitoring is at most α; a fixed-n
/// z-test looked at repeatedly has no such bound (it crosses 1.96 eventually with probability one).
/// </summary>
public sealed class SequentialLossTest
{
    public const int DefaultTuningSamples = 1000;

    /// <summary>Looks before this many samples (per variant when split) are not taken: the plug-in variance needs them.</summary>
    public const int DefaultMinimumSamples = 100;

    private readonly RunningMoments _differences = new(), _champion = new(), _challenger = new();
    private readonly double _rho2;

    public SequentialLossTest(bool paired, double alpha = 0.05, int tuningSamples = DefaultTuningSamples, int minimumSamples = DefaultMinimumSamples)
    {
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be strictly between 0 and 1");
        if (tuningSamples < 1) throw new ArgumentOutOfRangeException(nameof(tuningSamples), tuningSamples, "must be at least 1");
        Paired = paired;
        Alpha = alpha;
        MinimumSamples = Math.Max(2, minimumSamples);
        _rho2 = MixingPrecision(alpha, tuningSamples);
    }

    public bool Paired { get; }
    public double Alpha { get; }
    public int MinimumSamples { get; }

    /// <summary>The intersection of the intervals of every look so far (challenger − champion).</summary>
    public double Lower { get; private set; } = double.NegativeInfinity;
    public double Upper { get; private set; } = double.PositiveInfinity;

    /// <summary>The always-valid p-value: the smallest 1/Λ seen so far.</summary>
    public double PValue { get; private set; } = 1;

    public int Looks { get; private set; }

    /// <summary>The estimate when the test first rejected (the monitoring would have stopped there); null while undecided.</summary>
    public LossDifference? DecidedAt { get; private set; }

    /// <summary>−1 the challenger has the lower loss, +1 the champion has, 0 undecided.</summary>
    public int Winner => DecidedAt is not { } d ? 0 : d.Estimate < 0 ? -1 : 1;

    public LossDifference Current => Paired ? LossDifference.FromPairs(_differences) : LossDifference.FromIndependent(_champion, _challenger);

    public static double MixingPrecision(double alpha, int tuningSamples) =>
        (-2 * Math.Log(alpha) + Math.Log(1 - 2 * Math.Log(alpha))) / tuningSamples;

    /// <summary>Mirror: the same request scored by both.</summary>
    public void AddPair(double championLoss, double challengerLoss)
    {
        if (!Paired) throw new InvalidOperationException("an independent-samples test takes AddChampion / AddChallenger");
        _differences.Add(challengerLoss - championLoss);
    }

    /// <summary>Split: a request the champion answered.</summary>
    public void AddChampion(double loss)
    {
        RequireIndependent();
        _champion.Add(loss);
    }

    /// <summary>Split: a request the challenger answered.</summary>
    public void AddChallenger(double loss)
    {
        RequireIndependent();
        _challenger.Add(loss);
    }

    /// <summary>Takes one look at the data so far (a no-op below the minimum); true once the test has decided.</summary>
    public bool Look()
    {
        var d = Current;
        var smallest = Paired ? _differences.Count : Math.Min(_champion.Count, _challenger.Count);
        if (smallest < MinimumSamples) return DecidedAt is not null;
        Looks++;
        var (lower, upper, p) = Evaluate(d, Alpha, _rho2);
        Lower = Math.Max(Lower, lower);
        Upper = Math.Min(Upper, upper);
        PValue = Math.Min(PValue, p);
        if (DecidedAt is null && PValue <= Alpha) DecidedAt = d;
        return DecidedAt is not null;
    }

    /// <summary>The interval and 1/Λ at one look.</summary>
    public static (double Lower, double Upper, double PValue) Evaluate(LossDifference d, double alpha, double rho2)
    {
        if (d.Variance == 0)
            return (d.Estimate, d.Estimate, d.Estimate == 0 ? 1 : 0); // every difference identical: nothing is uncertain
        var a = d.EffectiveSamples * rho2;
        var radius = Math.Sqrt(d.Variance * 2 * (1 + a) / a * Math.Log(Math.Sqrt(1 + a) / alpha));
        var z2 = d.Estimate * d.Estimate / d.Variance;
        var logLambda = -0.5 * Math.Log(1 + a) + a * z2 / (2 * (1 + a));
        return (d.Estimate - radius, d.Estimate + radius, Math.Min(1, Math.Exp(-logLambda)));
    }

    private void RequireIndependent()
    {
        if (Paired) throw new InvalidOperationException("a paired test takes AddPair");
    }
}
