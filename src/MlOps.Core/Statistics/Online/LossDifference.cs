namespace MlOps.Core.Statistics.Online;

/// <summary>
/// Mean per-request loss of the challenger minus the champion's (negative: the challenger is better), with the
/// variance of that estimate. Paired (mirror: both scored the same requests) the variance is that of the per-request
/// differences over n; independent (split: each request went to one variant) it is the Welch sum s²₁/n₁ + s²₂/n₂.
/// </summary>
/// <param name="EffectiveSamples">The variance expressed as a number of pairs: n when paired; (s²₁ + s²₂) / variance
/// when independent, which is n for equal arms. The sequential test's mixture is tuned in these units.</param>
public sealed record LossDifference(double Estimate, double Variance, double EffectiveSamples, bool Paired, int ChampionCount, int ChallengerCount)
{
    public static LossDifference FromPairs(RunningMoments differences) =>
        new(differences.Mean, differences.Count > 0 ? differences.Variance / differences.Count : double.PositiveInfinity,
            differences.Count, true, differences.Count, differences.Count);

    public static LossDifference FromIndependent(RunningMoments champion, RunningMoments challenger)
    {
        if (champion.Count == 0 || challenger.Count == 0)
            return new(double.NaN, double.PositiveInfinity, 0, false, champion.Count, challenger.Count);
        var variance = champion.Variance / champion.Count + challenger.Variance / challenger.Count;
        var effective = variance > 0 ? (champion.Variance + challenger.Variance) / variance : Math.Min(champion.Count, challenger.Count);
        return new(challenger.Mean - champion.Mean, variance, effective, false, champion.Count, challenger.Count);
    }
}
