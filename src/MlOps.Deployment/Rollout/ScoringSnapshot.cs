namespace MlOps.Deployment.Rollout;

/// <summary>
/// What a scoring server's /metrics says about its /score traffic at one moment: requests, 5xx and 4xx answers, and
/// the cumulative latency histogram. Counters only grow, so a step is judged on the difference of two snapshots.
/// </summary>
/// <param name="Buckets">Upper bound in seconds → requests that took at most that long (cumulative, +Inf last).</param>
/// <param name="ClientErrors">Requests refused with a 4xx: alone they may be the clients' fault, so a canary compares
/// them with the live version's share (see <see cref="CanaryVerdict"/>).</param>
public sealed record ScoringSnapshot(double Requests, double ServerErrors, IReadOnlyList<(double UpperBound, double Count)> Buckets,
    double ClientErrors = 0)
{
    public const string Endpoint = "/score";

    public static ScoringSnapshot From(IReadOnlyList<MetricSample> samples)
    {
        var score = samples.Where(s => s.Labels.GetValueOrDefault("endpoint") == Endpoint).ToList();
        var requests = score.Where(s => s.Name == "mlops_http_requests_total").ToList();
        var buckets = score.Where(s => s.Name == "mlops_http_request_duration_seconds_bucket" && s.Labels.ContainsKey("le"))
            .Select(s => (UpperBound: s.Labels["le"] is "+Inf" ? double.PositiveInfinity
                    : double.Parse(s.Labels["le"], System.Globalization.CultureInfo.InvariantCulture), Count: s.Value))
            .OrderBy(b => b.UpperBound).ToList();
        double Answered(char statusClass) => requests.Where(s => s.Labels.GetValueOrDefault("status", "").StartsWith(statusClass)).Sum(s => s.Value);
        return new ScoringSnapshot(requests.Sum(s => s.Value), Answered('5'), buckets, Answered('4'));
    }

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public ScoringSnapshot Since(ScoringSnapshot earlier)
    {
        var before = earlier.Buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        return new ScoringSnapshot(Requests - earlier.Requests, ServerErrors - earlier.ServerErrors,
            Buckets.Select(b => (b.UpperBound, b.Count - before.GetValueOrDefault(b.UpperBound))).ToList(), ClientErrors - earlier.ClientErrors);
    }

    public double ErrorRate => Requests > 0 ? ServerErrors / Requests : 0;

    public double ClientErrorRate => Requests > 0 ? ClientErrors / Requests : 0;

    /// <summary>
    /// A quantile in milliseconds, interpolated within its bucket as Prometheus's histogram_quantile does; +Inf when it
    /// falls beyond the last finite bucket (slower than the histogram measures), NaN without requests.
    /// </summary>
    public double QuantileMilliseconds(double q)
    {
        if (Buckets.Count == 0 || Buckets[^1].Count <= 0) return double.NaN;
        var rank = q * Buckets[^1].Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, count) in Buckets)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(upper)) return double.PositiveInfinity;
                var share = count > below ? (rank - below) / (count - below) : 1;
                return (lower + (upper - lower) * share) * 1000;
            }
            (lower, below) = (upper, count);
        }
        return double.PositiveInfinity;
    }
}
