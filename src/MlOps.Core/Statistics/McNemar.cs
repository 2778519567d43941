namespace MlOps.Core.Statistics;

/// <summary>
/// McNemar's exact test on the rows where the two classifiers disagree about correctness: under "equally accurate",
/// the candidate's extra mistakes c out of the b + c discordant rows follow Binomial(b + c, 1/2).
/// </summary>
public static class McNemar
{
    /// <summary>One-sided p-value of "the candidate is less accurate": P(X ≥ c) for X ~ Binomial(b + c, 1/2).</summary>
    public static double CandidateWorsePValue(PairedSample sample)
    {
        int onlyCandidateRight = 0, onlyBaselineRight = 0;
        for (var i = 0; i < sample.Count; i++)
        {
            var (candidate, baseline) = sample.Correct(i);
            if (candidate && !baseline) onlyCandidateRight++;
            else if (!candidate && baseline) onlyBaselineRight++;
        }
        return UpperTail(onlyCandidateRight + onlyBaselineRight, onlyBaselineRight);
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, 1/2).</summary>
    public static double UpperTail(int n, int k) => Binomial.UpperTail(n, k, 0.5);
}
