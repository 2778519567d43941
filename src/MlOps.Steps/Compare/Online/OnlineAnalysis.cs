using MlOps.Core.Errors;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Statistics;
using MlOps.Core.Statistics.Online;
using MlOps.Reports;
using MlOps.Reports.Online;

namespace MlOps.Steps.Compare.Online;

public enum TrafficMode { Split, Mirror }

/// <param name="Mode">Null: mirror when most requests appear in both logs, else split.</param>
/// <param name="Horizon">Labelled samples (pairs, or per variant when split) of a fixed-horizon test; null: sequential.</param>
/// <param name="Positive">Binary: the positive class; null reads it from the logs.</param>
public sealed record OnlineAnalysisOptions(TrafficMode? Mode = null, double Alpha = 0.05, int? Horizon = null, string? Positive = null);

/// <summary>The decision with what the report shows beside it.</summary>
public sealed record OnlineAnalysisResult(ModelTask Task, OnlineAbSummary Summary, IReadOnlyList<MetricRow> Metrics, string LossTitle,
    IReadOnlyList<string> Notes)
{
    public bool ChallengerWins => Summary.Decision == OnlineAbSummary.ChallengerWins;
}

/// <summary>
/// The target-agnostic half of `compare --online`: joins each variant's logged predictions to the delayed labels by
/// request id, computes per-variant metrics and latency, and decides on the mean per-request loss with the sequential
/// test (or at a fixed horizon). Samples are taken in the order the requests were served, the order a monitoring job
/// would have seen them in.
/// </summary>
public static class OnlineAnalysis
{
    private const int ListedProblems = 3;

    private sealed record Unit(DateTimeOffset Time, LabelledRow? Champion, LabelledRow? Challenger);

    public static OnlineAnalysisResult Run(VariantLog champion, VariantLog challenger, DelayedLabels labels, OnlineAnalysisOptions options)
    {
        if (options.Alpha is <= 0 or >= 0.5) throw new InvalidInputException($"--alpha {options.Alpha}: expected a number between 0 and 0.5, e.g. 0.05");
        if (options.Horizon is < 2) throw new InvalidInputException($"--horizon {options.Horizon}: expected at least 2 labelled samples");
        if (champion.Task != challenger.Task)
            throw new InvalidInputException($"{challenger.Path} holds {challenger.Task.ToName()} predictions but {champion.Path} holds {champion.Task.ToName()} ones: the variants must solve the same task");
        var task = champion.Task;
        var notes = new List<string>();
        var loss = LossFunction.For(task, options.Positive, champion.Predictions.Concat(challenger.Predictions));

        var championByKey = ByKey(champion);
        var challengerByKey = ByKey(challenger);
        var shared = championByKey.Keys.Count(challengerByKey.ContainsKey);
        var mode = options.Mode ?? (shared * 2 > Math.Min(championByKey.Count, challengerByKey.Count) ? TrafficMode.Mirror : TrafficMode.Split);
        if (mode == TrafficMode.Split && shared > 0)
            notes.Add($"{shared} request ids were answered by both variants; in split mode every answer is used as an independent sample");

        var (championLabelled, championUnlabelled) = Join(champion, labels, loss);
        var (challengerLabelled, challengerUnlabelled) = Join(challenger, labels, loss);
        List<Unit> units;
        if (mode == TrafficMode.Mirror)
        {
            var challengerRows = challengerLabelled.ToDictionary(r => r.Prediction.Key);
            units = championLabelled.Where(r => challengerRows.ContainsKey(r.Prediction.Key))
                .Select(r => new Unit(Max(r.Prediction.Time, challengerRows[r.Prediction.Key].Prediction.Time), r, challengerRows[r.Prediction.Key]))
                .OrderBy(u => u.Time).ToList();
            var unpaired = championByKey.Count + challengerByKey.Count - 2 * shared;
            if (unpaired > 0) notes.Add($"{unpaired} rows were logged by one variant only: mirror mode pairs rows both answered, these are not used");
        }
        else
        {
            units = championLabelled.Select(r => new Unit(r.Prediction.Time, r, null))
                .Concat(challengerLabelled.Select(r => new Unit(r.Prediction.Time, null, r))).OrderBy(u => u.Time).ToList();
        }
        var usedChampion = units.Where(u => u.Champion is not null).Select(u => u.Champion!).ToList();
        var usedChallenger = units.Where(u => u.Challenger is not null).Select(u => u.Challenger!).ToList();

        var (test, difference, lower, upper, p, decision, samples, decidedAt) = options.Horizon is { } horizon
            ? FixedHorizon(units, mode, horizon, options.Alpha)
            : Sequential(units, mode, options.Alpha, notes);

        foreach (var log in new[] { champion, challenger })
            if (log.RepeatedRequests > 0)
                notes.Add($"{log.Role}: {log.RepeatedRequests} log entries repeat a request id already logged (first {log.FirstRepeat}); the first answer is used");
        if (labels.Duplicates.Count > 0)
            notes.Add($"{labels.Duplicates.Count} duplicate labels: {string.Join("; ", labels.Duplicates.Take(ListedProblems))}");
        var unknown = labels.Unknown();
        if (unknown.Count > 0)
            notes.Add($"{unknown.Count} labels name a request neither log holds (not used), e.g. {string.Join(", ", unknown.Take(ListedProblems))}");
        if (labels.Blank > 0) notes.Add($"{labels.Blank} rows of {labels.Path} have an empty label (not labelled yet): not used");
        if (champion.ModelVersions.SequenceEqual(challenger.ModelVersions))
            notes.Add($"both logs come from {string.Join(", ", champion.ModelVersions)}: is the challenger really a different model?");

        var summary = new OnlineAbSummary(mode == TrafficMode.Mirror ? "mirror" : "split", test, options.Alpha, options.Horizon, loss.Metric,
            difference, lower, upper, p, decision, samples, decidedAt,
            Variant(champion, usedChampion.Count, championUnlabelled), Variant(challenger, usedChallenger.Count, challengerUnlabelled));
        return new OnlineAnalysisResult(task, summary, Metrics(task, loss, usedChallenger, usedChampion), loss.Title, notes);
    }

    private static (string, double, double, double, double, string, int, int?) Sequential(List<Unit> units, TrafficMode mode, double alpha, List<string> notes)
    {
        var paired = mode == TrafficMode.Mirror;
        var test = new SequentialLossTest(paired, alpha);
        foreach (var u in units)
        {
            if (paired) test.AddPair(u.Champion!.Loss, u.Challenger!.Loss);
            else if (u.Champion is { } c) test.AddChampion(c.Loss);
            else test.AddChallenger(u.Challenger!.Loss);
            test.Look();
        }
        var current = test.Current;
        if (test.Looks == 0)
            notes.Add($"the sequential test looks from {test.MinimumSamples} labelled samples{(paired ? "" : " per variant")} on (its variance estimate needs them): keep collecting");
        var decision = test.Winner switch { < 0 => OnlineAbSummary.ChallengerWins, > 0 => OnlineAbSummary.ChampionWins, _ => OnlineAbSummary.KeepCollecting };
        int? decidedAt = test.DecidedAt is { } d ? Samples(d) : null;
        return ("sequential", current.Estimate, test.Lower, test.Upper, test.PValue, decision, Samples(current), decidedAt);
    }

    /// <summary>Only the first <paramref name="horizon"/> samples (per variant when split) count: what comes later cannot move a fixed-horizon verdict.</summary>
    private static (string, double, double, double, double, string, int, int?) FixedHorizon(List<Unit> units, TrafficMode mode, int horizon, double alpha)
    {
        RunningMoments differences = new(), champion = new(), challenger = new();
        foreach (var u in units)
        {
            if (mode == TrafficMode.Mirror)
            {
                if (differences.Count < horizon) differences.Add(u.Challenger!.Loss - u.Champion!.Loss);
            }
            else if (u.Champion is { } c) { if (champion.Count < horizon) champion.Add(c.Loss); }
            else if (challenger.Count < horizon) challenger.Add(u.Challenger!.Loss);
        }
        var d = mode == TrafficMode.Mirror ? LossDifference.FromPairs(differences) : LossDifference.FromIndependent(champion, challenger);
        var reached = mode == TrafficMode.Mirror ? differences.Count >= horizon : Math.Min(champion.Count, challenger.Count) >= horizon;
        var (lower, upper, p) = d.ChampionCount >= 2 && d.ChallengerCount >= 2 ? FixedHorizonTest.Evaluate(d, alpha) : (double.NaN, double.NaN, double.NaN);
        var decision = !reached || p > alpha ? OnlineAbSummary.KeepCollecting
            : d.Estimate < 0 ? OnlineAbSummary.ChallengerWins : OnlineAbSummary.ChampionWins;
        return ("fixed-horizon", d.Estimate, lower, upper, p, decision, Samples(d), null);
    }

    private static int Samples(LossDifference d) => d.Paired ? d.ChampionCount : d.ChampionCount + d.ChallengerCount;

    private static Dictionary<(string, int), LoggedPrediction> ByKey(VariantLog log) =>
        log.Predictions.ToDictionary(p => p.Key);

    /// <summary>Each scored row with its label; rows without one (or without a prediction) are counted.</summary>
    private static (List<LabelledRow> Labelled, int Unlabelled) Join(VariantLog log, DelayedLabels labels, LossFunction loss)
    {
        var labelled = new List<LabelledRow>();
        var unlabelled = 0;
        foreach (var p in log.Predictions)
        {
            if (!labels.TryGet(p.Key, out var label, out var at) || !LossFunction.IsScored(p)) unlabelled++;
            else labelled.Add(loss.Label(p, label, at));
        }
        return (labelled, unlabelled);
    }

    private static OnlineVariant Variant(VariantLog log, int labelled, int unlabelled) =>
        new(log.Role, log.ModelVersions, log.Requests, labelled, unlabelled, Quantile.Linear(log.LatenciesMs, 0.5), Quantile.Linear(log.LatenciesMs, 0.99));

    /// <summary>The tested loss first (its row carries the interval), then the task's usual metrics, on the rows the test used.</summary>
    private static List<MetricRow> Metrics(ModelTask task, LossFunction loss, List<LabelledRow> challenger, List<LabelledRow> champion)
    {
        var (c, b) = (Values(task, challenger), Values(task, champion));
        var rows = new List<MetricRow> { new(loss.Metric, loss.Title, false, c[loss.Metric], b[loss.Metric]) };
        foreach (var name in task switch
                 {
                     ModelTask.BinaryClassification => new[] { "accuracy", "auc" },
                     ModelTask.Regression => ["rmse", "mae"],
                     _ => ["accuracy"],
                 })
        {
            var info = MetricCatalog.Find(task, name)!;
            rows.Add(new MetricRow(info.Name, info.Title, info.HigherIsBetter, c[name], b[name]));
        }
        return rows;
    }

    private static Dictionary<string, double> Values(ModelTask task, List<LabelledRow> rows)
    {
        var meanLoss = rows.Count == 0 ? double.NaN : rows.Average(r => r.Loss);
        switch (task)
        {
            case ModelTask.BinaryClassification when rows.Count > 0:
                var m = MetricCalculator.Binary(rows.Select(r => r.Prediction.Score).ToArray(), rows.Select(r => r.Positive).ToArray(),
                    wanted: new HashSet<string> { "logloss", "accuracy", "auc" });
                return new() { ["logloss"] = m["logloss"], ["accuracy"] = m["accuracy"], ["auc"] = m["auc"] };
            case ModelTask.Regression when rows.Count > 0:
                var r2 = MetricCalculator.Regression(rows.Select(r => r.Prediction.Score).ToArray(), rows.Select(r => r.Value).ToArray());
                return new() { ["mse"] = meanLoss, ["rmse"] = r2["rmse"], ["mae"] = r2["mae"] };
            case ModelTask.MulticlassClassification:
                return new()
                {
                    ["logloss"] = meanLoss,
                    ["accuracy"] = rows.Count == 0 ? double.NaN : rows.Average(r => r.Prediction.ClassProbabilities!.MaxBy(kv => kv.Value).Key == r.Label ? 1.0 : 0),
                };
            default:
                return new() { ["logloss"] = double.NaN, ["accuracy"] = double.NaN, ["auc"] = double.NaN, ["mse"] = double.NaN, ["rmse"] = double.NaN, ["mae"] = double.NaN };
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
