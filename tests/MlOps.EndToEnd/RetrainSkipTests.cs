using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops train --skip-if-unchanged production` through the built CLI, as the nightly pipeline runs it: the first run
/// trains (no production yet); after register + promote the same data is skipped (exit 0, trained=false, the reason
/// in the log, train-result.json and the audit trail); a gate threshold edit still skips; new data and a changed
/// trainer setting train again.
/// </summary>
[TestFixture, NonParallelizable]
public class RetrainSkipTests
{
    private Workspace _ws = null!;
    private string _train = "";
    private string _config = "";

    private const string Config = """
        model: { name: iris, task: multiclass-classification, label: species }
        data: { train: {TRAIN}, test: {TEST} }
        train: { mlnet: { trees: 10, min-leaf: 2 } }
        evaluate: { thresholds: { accuracy: ">= 0.5" } }
        """;

    [SetUp]
    public void Fresh()
    {
        _ws = new Workspace();
        var (train, test) = _ws.Split("iris.csv");
        _train = train;
        _config = Config.Replace("{TRAIN}", train).Replace("{TEST}", test);
        _ws.Write("mlops.yml", _config);
    }

    [TearDown]
    public void Cleanup() => _ws.Dispose();

    private static CliRun Ok(CliRun run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run;
    }

    /// <summary>Runs as a GitHub Actions step, returning the outputs the step set.</summary>
    private (CliRun Run, Dictionary<string, string> Outputs) InCi(params string[] args)
    {
        var outputs = _ws.PathOf($"github_output_{Guid.NewGuid():N}");
        File.WriteAllText(outputs, "");
        var run = MlOpsCli.Run(_ws.Root, new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_ACTOR"] = "nightly-bot",
            ["GITHUB_REPOSITORY"] = "acme/models",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "77",
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_STEP_SUMMARY"] = _ws.PathOf("summary"),
        }, args);
        var lines = File.ReadAllLines(outputs);
        var parsed = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i++)
            if (lines[i].Split("<<") is [var name, _]) parsed[name] = lines[i + 1];
        return (run, parsed);
    }

    private JsonElement Result() => JsonDocument.Parse(File.ReadAllText(_ws.PathOf(".mlops/train-result.json"))).RootElement;

    private void TrainRegisterPromote()
    {
        var (first, outputs) = InCi("train", "--skip-if-unchanged", "production", "--output", "runs/first");
        Ok(first);
        Assert.That(first.Stdout, Does.Contain("training: iris@production does not exist yet (first run)"));
        Assert.That(outputs["trained"], Is.EqualTo("true"));
        Assert.That(Result().GetProperty("trained").GetBoolean(), Is.True);
        Ok(_ws.Mlops("register", "--model", "runs/first"));
        Ok(_ws.Mlops("promote", "iris:1"));
    }

    [Test]
    public void Same_data_and_settings_as_production_skip_training_with_the_reason_everywhere()
    {
        TrainRegisterPromote();

        var (run, outputs) = InCi("train", "--skip-if-unchanged", "production", "--output", "runs/second");

        Ok(run);
        Assert.That(run.Stdout, Does.Contain("training skipped: the training data (sha256 ").And.Contain("are those iris:1 (production) was trained on"));
        Assert.That(Directory.Exists(_ws.PathOf("runs/second")), Is.False, "nothing is trained");
        Assert.That(outputs["trained"], Is.EqualTo("false"));
        Assert.That(outputs["skip_reason"], Does.Contain("iris:1 (production) was trained on"));
        var result = Result();
        Assert.That(result.GetProperty("skipped").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("trained").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("baseline").GetString(), Is.EqualTo("iris:1"));
        Assert.That(result.GetProperty("reason").GetString(), Is.EqualTo(outputs["skip_reason"]));
        Assert.That(result.GetProperty("result").ValueKind, Is.EqualTo(JsonValueKind.Null));

        using var audit = JsonDocument.Parse(Ok(_ws.Mlops("audit", "--format", "json")).Stdout);
        var skipped = audit.RootElement.GetProperty("events").EnumerateArray().Last();
        Assert.That(skipped.GetProperty("event").GetString(), Is.EqualTo("training-skipped"));
        Assert.That(skipped.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(skipped.GetProperty("alias").GetString(), Is.EqualTo("production"));
        Assert.That(skipped.GetProperty("who").GetString(), Is.EqualTo("nightly-bot"));
        Assert.That(skipped.GetProperty("reason").GetString(), Is.EqualTo("training skipped: " + outputs["skip_reason"]));
        Assert.That(audit.RootElement.GetProperty("intact").GetBoolean(), Is.True);
    }

    [Test]
    public void A_gate_threshold_edit_still_skips_but_new_data_or_a_trainer_change_trains()
    {
        TrainRegisterPromote();

        _ws.Write("mlops.yml", "# nightly\n" + _config.Replace(">= 0.5", ">= 0.6"));
        Assert.That(Ok(_ws.Mlops("train", "--skip-if-unchanged", "production")).Stdout, Does.Contain("training skipped:"));

        var original = File.ReadAllText(_train);
        File.AppendAllText(_train, original.Split('\n')[1] + "\n");
        var (newData, outputs) = InCi("train", "--skip-if-unchanged", "production", "--output", "runs/new-data");
        Ok(newData);
        Assert.That(newData.Stdout, Does.Contain("training: the training data changed since iris:1 (production)"));
        Assert.That(outputs["trained"], Is.EqualTo("true"));
        Assert.That(outputs, Does.Not.ContainKey("skip_reason"));
        Assert.That(File.Exists(_ws.PathOf("runs/new-data/run.json")), Is.True);
        Assert.That(Result().GetProperty("result").GetProperty("outputDirectory").GetString(), Is.EqualTo(_ws.PathOf("runs/new-data")));

        File.WriteAllText(_train, original);
        _ws.Write("mlops.yml", _config.Replace("trees: 10", "trees: 12"));
        Assert.That(Ok(_ws.Mlops("train", "--skip-if-unchanged", "production", "--output", "runs/more-trees")).Stdout,
            Does.Contain("training: the model/data/train settings of mlops.yml (or --seed/--exclude) changed since iris:1 (production)"));
        _ws.Write("mlops.yml", _config);
        Assert.That(Ok(_ws.Mlops("train", "--skip-if-unchanged", "production", "--seed", "7", "--output", "runs/seed")).Stdout,
            Does.Contain("settings of mlops.yml (or --seed/--exclude) changed"));
    }
}
