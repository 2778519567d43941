using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops compare --online --replay`: 2,000 Adult test rows sent through two real scoring servers on loopback, labels
/// kept aside and joined back by request id, the decision and the report as a pipeline would read them.
/// </summary>
[TestFixture, NonParallelizable]
public class OnlineCompareTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private Workspace _ws = null!;

    /// <summary>Two models trained in seconds on 5,000 rows: one with every feature, one without the strongest ones.</summary>
    [OneTimeSetUp]
    public void TrainTwoModels()
    {
        _ws = new Workspace();
        var adult = File.ReadAllLines(Workspace.Dataset("adult_train.csv"));
        _ws.Write("data/train.csv", string.Join("\n", adult.Take(5_001)) + "\n");
        var test = File.ReadAllLines(Workspace.Dataset("adult_test.csv"));
        _ws.Write("data/replay.csv", string.Join("\n", test.Take(2_001)) + "\n");
        _ws.Write("mlops.yml", """
            model: { name: adult, task: binary-classification, label: income, positive: ">50K" }
            data: { train: data/train.csv, exclude: [fnlwgt] }
            train: { mlnet: { trees: 30 } }
            """);
        var good = MlOpsCli.RunWithin(Limit, _ws.Root, null, "train", "--output", "good");
        Assert.That(good.ExitCode, Is.EqualTo(0), good.ToString());
        var weak = MlOpsCli.RunWithin(Limit, _ws.Root, null, "train", "--output", "weak",
            "--exclude", "age,education,education_num,marital_status,relationship,occupation,capital_gain,capital_loss");
        Assert.That(weak.ExitCode, Is.EqualTo(0), weak.ToString());
    }

    [OneTimeTearDown]
    public void Remove() => _ws.Dispose();

    [Test, CancelAfter(120_000)]
    public void A_better_challenger_on_a_50_50_split_wins_and_the_report_says_on_what_evidence()
    {
        var run = MlOpsCli.RunWithin(Limit, _ws.Root, null, "compare", "--online", "--replay", "data/replay.csv",
            "--champion", "weak", "--challenger", "good", "--mode", "split", "--split", "50", "--report", "split");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("output challenger_wins=true").And.Contain("output decision=challenger-wins"));
        Assert.That(run.Stdout, Does.Contain("verdict: challenger wins on logloss (online, sequential)"));
        using var report = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("split/report.json")));
        var root = report.RootElement;
        var online = root.GetProperty("online");
        Assert.That(online.GetProperty("mode").GetString(), Is.EqualTo("split"));
        int championRequests = online.GetProperty("champion").GetProperty("requests").GetInt32(),
            challengerRequests = online.GetProperty("challenger").GetProperty("requests").GetInt32();
        Assert.That(championRequests + challengerRequests, Is.EqualTo(2_000), "each row went to exactly one variant");
        Assert.That(championRequests, Is.InRange(900, 1_100), "a 50% split by request-id hash");
        Assert.That(online.GetProperty("champion").GetProperty("labelled").GetInt32(), Is.EqualTo(championRequests), "every replayed row's label joined back");
        Assert.That(online.GetProperty("upper").GetDouble(), Is.LessThan(0), "the interval of challenger − champion log loss lies below 0");
        Assert.That(online.GetProperty("decidedAtSamples").GetInt32(), Is.LessThan(2_000), "a watcher could have stopped early");
        Assert.That(online.GetProperty("champion").GetProperty("latencyP99Ms").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("candidate").GetProperty("reference").GetString(), Is.EqualTo("good"));
        Assert.That(root.GetProperty("baseline").GetProperty("reference").GetString(), Is.EqualTo("weak"));
        var metrics = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.That(metrics["auc"].GetProperty("candidate").GetDouble(), Is.GreaterThan(metrics["auc"].GetProperty("baseline").GetDouble()));
        var md = File.ReadAllText(_ws.PathOf("split/report.md"));
        Assert.That(md.Split('\n')[0], Is.EqualTo("## mlops compare --online · good: ✅ challenger wins on logloss (online, sequential)"));
        Assert.That(md, Does.Contain("| requests | ").And.Contain("| latency p99 (ms) | ").And.Contain("Challenger wins: logloss challenger − champion -"));
        Assert.That(File.ReadAllText(_ws.PathOf("split/report.html")), Does.Contain("<section id=\"online\">"));
        TestContext.Out.WriteLine(md);
    }

    [Test, CancelAfter(120_000)]
    public void The_same_model_mirrored_keeps_collecting_and_exits_1_and_the_logs_can_be_analysed_again_alone()
    {
        var run = MlOpsCli.RunWithin(Limit, _ws.Root, null, "compare", "--online", "--replay", "data/replay.csv",
            "--champion", "good", "--challenger", "good", "--mode", "mirror", "--report", "mirror");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.Contain("output challenger_wins=false").And.Contain("output decision=keep-collecting"));
        using (var report = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("mirror/report.json"))))
        {
            var online = report.RootElement.GetProperty("online");
            Assert.That(online.GetProperty("mode").GetString(), Is.EqualTo("mirror"));
            Assert.That(online.GetProperty("samples").GetInt32(), Is.EqualTo(2_000), "every row scored by both: 2,000 pairs");
            Assert.That(online.GetProperty("difference").GetDouble(), Is.EqualTo(0), "one model, the same answers");
        }
        Assert.That(run.Stdout, Does.Contain("both logs come from good"));

        // The replay's logs and labels are ordinary inputs: the analysis alone reads them, here with a fixed horizon.
        var alone = MlOpsCli.RunWithin(Limit, _ws.Root, null, "compare", "--online", "--champion-log", "mirror/replay/champion.jsonl",
            "--challenger-log", "mirror/replay/challenger.jsonl", "--labels", "mirror/replay/labels.csv", "--horizon", "500", "--report", "again");
        Assert.That(alone.ExitCode, Is.EqualTo(1), alone.ToString());
        Assert.That(alone.Stdout, Does.Contain("(online, fixed-horizon)").And.Contain("over 500 labelled pairs"));
    }

    [Test]
    public void Online_without_logs_or_replay_says_what_to_give()
    {
        var run = MlOpsCli.RunWithin(Limit, _ws.Root, null, "compare", "--online", "--champion-log", "x.jsonl");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.ToString(), Does.Contain("compare --online needs --champion-log, --challenger-log and --labels"));
        var offline = MlOpsCli.RunWithin(Limit, _ws.Root, null, "compare", "--champion", "good");
        Assert.That(offline.ExitCode, Is.EqualTo(2), offline.ToString());
        Assert.That(offline.ToString(), Does.Contain("mlops compare needs --champion and --challenger"));
    }
}
