using MlOps.Core.Errors;
using MlOps.Reports.Online;
using MlOps.Steps.Compare.Online;

namespace MlOps.Steps.Tests.Compare;

/// <summary>The analysis behind `compare --online` on hand-made logs: the join, what is counted and reported, and paired vs independent.</summary>
[TestFixture]
public class OnlineAnalysisTests
{
    [Test]
    public void Labels_join_by_request_id_and_missing_duplicate_and_unknown_labels_are_counted_and_located()
    {
        using var logs = new OnlineLogs();
        var champion = logs.BinaryLog("champion.jsonl", "m:1", [("a", 0.8), ("b", 0.3), ("c", 0.6), ("d", 0.4)], i => i + 1);
        var challenger = logs.BinaryLog("challenger.jsonl", "m:2", [("a", 0.9), ("b", 0.2), ("c", 0.7), ("d", 0.45)]);
        var labels = logs.Write("labels.csv", "request_id,outcome\na,yes\nb,no\na,no\nc,\nghost,yes\n");

        var result = Run(champion, challenger, labels);

        var s = result.Summary;
        Assert.That(s.Mode, Is.EqualTo("mirror"), "the same ids in both logs: mirrored traffic");
        Assert.That((s.Champion.Requests, s.Champion.Labelled, s.Champion.Unlabelled), Is.EqualTo((4, 2, 2)), "c has an empty label, d none");
        Assert.That((s.Challenger.Labelled, s.Challenger.Unlabelled), Is.EqualTo((2, 2)));
        Assert.That(s.Samples, Is.EqualTo(2), "two labelled pairs");
        Assert.That(s.Champion.LatencyP50Ms, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(s.Champion.LatencyP99Ms, Is.EqualTo(3.97).Within(1e-9));
        Assert.That(result.Notes, Has.Some.Contains("labels.csv:4: request 'a' labelled again (first at").And.Some.Contains("labels.csv:2); the first label is used"));
        Assert.That(result.Notes, Has.Some.Contains("1 labels name a request neither log holds").And.Some.Contains("labels.csv:6 (ghost)"));
        Assert.That(result.Notes, Has.Some.Contains("1 rows of").And.Some.Contains("have an empty label"));
        Assert.That(s.Decision, Is.EqualTo(OnlineAbSummary.KeepCollecting), "two pairs are far below what the test looks at");
        // a labelled yes (p 0.8 vs 0.9) and no (p 0.3 vs 0.2): log loss as sklearn computes it
        var champLoss = (-Math.Log(0.8) - Math.Log(0.7)) / 2;
        Assert.That(result.Metrics[0].Name, Is.EqualTo("logloss"));
        Assert.That(result.Metrics[0].Baseline, Is.EqualTo(champLoss).Within(1e-12));
        Assert.That(result.Metrics[0].Candidate, Is.EqualTo((-Math.Log(0.9) - Math.Log(0.8)) / 2).Within(1e-12));
    }

    /// <summary>
    /// The same 300 requests: the challenger is a little better on every one, but the loss varies a lot between requests.
    /// Paired (mirror), that variation cancels and the challenger wins; treated as independent samples it cannot be told apart.
    /// </summary>
    [Test]
    public void Paired_mirror_traffic_detects_a_consistent_small_gain_that_independent_samples_cannot()
    {
        using var logs = new OnlineLogs();
        var random = new Random(5);
        var ps = Enumerable.Range(0, 300).Select(_ => 0.2 + 0.7 * random.NextDouble()).ToList();
        var champion = logs.BinaryLog("champion.jsonl", "m:1", ps.Select((p, i) => ($"r{i}", p)));
        var challenger = logs.BinaryLog("challenger.jsonl", "m:2", ps.Select((p, i) => ($"r{i}", p + 0.03 + 0.01 * random.NextDouble())));
        var labels = logs.Write("labels.csv", "request_id,y\n" + string.Concat(ps.Select((_, i) => $"r{i},yes\n")));

        var paired = Run(champion, challenger, labels, new OnlineAnalysisOptions(TrafficMode.Mirror)).Summary;
        var independent = Run(champion, challenger, labels, new OnlineAnalysisOptions(TrafficMode.Split)).Summary;

        Assert.That(paired.Decision, Is.EqualTo(OnlineAbSummary.ChallengerWins), $"paired: {OnlineAbText.Finding(paired)}");
        Assert.That(paired.Samples, Is.EqualTo(300));
        Assert.That(paired.DecidedAtSamples, Is.InRange(100, 300), "the test looks from 100 pairs on");
        Assert.That(independent.Decision, Is.EqualTo(OnlineAbSummary.KeepCollecting), $"independent: {OnlineAbText.Finding(independent)}");
        Assert.That(independent.Samples, Is.EqualTo(600), "split counts each variant's rows");
        Assert.That(independent.Upper - independent.Lower, Is.GreaterThan(5 * (paired.Upper - paired.Lower)));
        Assert.That(paired.Difference, Is.EqualTo(independent.Difference).Within(1e-12), "same rows, same mean difference");
    }

    [Test]
    public void Disjoint_request_ids_are_read_as_split_traffic_and_each_side_counts_alone()
    {
        using var logs = new OnlineLogs();
        var champion = logs.BinaryLog("champion.jsonl", "m:1", Enumerable.Range(0, 150).Select(i => ($"a{i}", 0.7)));
        var challenger = logs.BinaryLog("challenger.jsonl", "m:2", Enumerable.Range(0, 120).Select(i => ($"b{i}", 0.9)));
        var labels = logs.Write("labels.csv", "request_id,y\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"a{i},yes\nb{i},{(i % 10 == 0 ? "no" : "yes")}\n")));

        var s = Run(champion, challenger, labels).Summary;

        Assert.That(s.Mode, Is.EqualTo("split"));
        Assert.That((s.Champion.Labelled, s.Challenger.Labelled), Is.EqualTo((150, 120)));
        Assert.That(s.Test, Is.EqualTo("sequential"));
    }

    [Test]
    public void A_fixed_horizon_not_yet_reached_keeps_collecting_whatever_the_interim_numbers_say()
    {
        using var logs = new OnlineLogs();
        var champion = logs.BinaryLog("champion.jsonl", "m:1", Enumerable.Range(0, 50).Select(i => ($"r{i}", 0.3)));
        var challenger = logs.BinaryLog("challenger.jsonl", "m:2", Enumerable.Range(0, 50).Select(i => ($"r{i}", 0.95)));
        var labels = logs.Write("labels.csv", "request_id,y\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"r{i},{(i % 7 == 0 ? "no" : "yes")}\n")));

        var early = Run(champion, challenger, labels, new OnlineAnalysisOptions(Horizon: 80)).Summary;
        var due = Run(champion, challenger, labels, new OnlineAnalysisOptions(Horizon: 40)).Summary;

        Assert.That(early.Decision, Is.EqualTo(OnlineAbSummary.KeepCollecting));
        Assert.That(OnlineAbText.Finding(early), Does.Contain("decides at 80"));
        Assert.That(due.Decision, Is.EqualTo(OnlineAbSummary.ChallengerWins));
        Assert.That(due.Samples, Is.EqualTo(40), "only the first 40 pairs count");
    }

    [Test]
    public void Regression_is_decided_on_squared_error_and_reports_rmse_beside_it()
    {
        using var logs = new OnlineLogs();
        var random = new Random(3);
        var truth = Enumerable.Range(0, 200).Select(_ => 100 * random.NextDouble()).ToList();
        string Log(string name, double noise) => logs.Write(name, string.Concat(truth.Select((y, i) =>
            $$"""{"time":"2026-03-01T00:{{i / 60:D2}}:{{i % 60:D2}}Z","requestId":"r{{i}}","modelVersion":"{{name}}","latencyMs":2,"inputs":[{}],"outputs":[{"value":{{(y + noise * (random.NextDouble() - 0.5)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}]}""" + "\n")));
        var champion = Log("champion.jsonl", 20);
        var challenger = Log("challenger.jsonl", 4);
        var labels = logs.Write("labels.csv", "request_id,count\n" + string.Concat(truth.Select((y, i) => $"r{i},{y.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\n")));

        var result = Run(champion, challenger, labels);

        Assert.That(result.Summary.Decision, Is.EqualTo(OnlineAbSummary.ChallengerWins), OnlineAbText.Finding(result.Summary));
        Assert.That(result.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "mse", "rmse", "mae" }));
        Assert.That(result.Metrics[1].Baseline, Is.EqualTo(Math.Sqrt(result.Metrics[0].Baseline!.Value)).Within(1e-9));
        Assert.That(result.Summary.Metric, Is.EqualTo("mse"));
    }

    [Test]
    public void A_broken_log_line_and_a_label_the_models_do_not_know_are_refused_with_file_and_line()
    {
        using var logs = new OnlineLogs();
        var good = logs.BinaryLog("good.jsonl", "m:1", [("a", 0.8), ("b", 0.3)]);
        var broken = logs.Write("broken.jsonl", File.ReadAllText(good) + "{\"requestId\": 3}\n");
        var labels = logs.Write("labels.csv", "request_id,y\na,yes\nb,maybe\n");

        var log = Assert.Throws<InvalidInputException>(() => VariantLogReader.Read(broken, "challenger", "--challenger-log"))!;
        Assert.That(log.Message, Does.Contain("broken.jsonl:3: 'requestId' is missing or not a string"));
        var label = Assert.Throws<InvalidInputException>(() => Run(good, good, labels))!;
        Assert.That(label.Message, Does.Contain("labels.csv:3: label 'maybe' is neither 'yes' (the positive class) nor 'no'"));
        var noId = Assert.Throws<InvalidInputException>(() => DelayedLabels.Load(logs.Write("ids.csv", "id,y\na,yes\n")))!;
        Assert.That(noId.Message, Does.Contain("ids.csv:1: no column 'request_id'").And.Contain("--id-column"));
    }

    private static OnlineAnalysisResult Run(string champion, string challenger, string labels, OnlineAnalysisOptions? options = null) =>
        OnlineAnalysis.Run(VariantLogReader.Read(champion, "champion", "--champion-log"), VariantLogReader.Read(challenger, "challenger", "--challenger-log"),
            DelayedLabels.Load(labels), options ?? new OnlineAnalysisOptions());
}
