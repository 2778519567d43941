using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// The PR check users rely on: a production model exists; a worse candidate must fail the gate with exit 1 and a
/// report naming what regressed, and a candidate trained like production must pass.
/// </summary>
[TestFixture, NonParallelizable]
public class PrGateScenarioTests
{
    private Workspace _ws = null!;
    private string _productionSha = "";

    [OneTimeSetUp]
    public void TrainAndPromoteProduction()
    {
        _ws = new Workspace();
        _ws.WriteAdultConfig();
        var train = _ws.Mlops("train", "--output", "runs/production");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        var first = _ws.Mlops("evaluate", "--model", "runs/production", "--report", "reports/first");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Stdout + first.Stderr, Does.Contain("no model has the alias 'production' yet: gated on absolute thresholds alone"));
        var register = _ws.Mlops("register", "--model", "runs/production");
        Assert.That(register.ExitCode, Is.EqualTo(0), register.ToString());
        Assert.That(register.Stdout.Trim().Split('\n').Last(), Is.EqualTo("adult-income:1"));
        var promote = _ws.Mlops("promote", "adult-income:1", "--alias", "production");
        Assert.That(promote.ExitCode, Is.EqualTo(0), promote.ToString());
        _productionSha = Sha256(_ws.PathOf("runs/production/model.zip"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _ws.Dispose();

    [Test]
    public void Candidate_without_its_most_informative_columns_fails_the_gate_with_exit_1()
    {
        var train = _ws.Mlops("train", "--output", "runs/weak",
            "--exclude", "relationship,marital_status,capital_gain,capital_loss,education,education_num,occupation,age");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());

        var gate = _ws.Mlops("evaluate", "--model", "runs/weak", "--report", "reports/weak");
        Assert.That(gate.ExitCode, Is.EqualTo(1), gate.ToString());
        Assert.That(gate.Stdout, Does.Contain("quality gate failed: auc, accuracy regressed"));
        Assert.That(gate.Stdout, Does.Not.Contain("Exception"));

        using var report = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("reports/weak/report.json")));
        var root = report.RootElement;
        Assert.That(root.GetProperty("passed").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("baseline").GetProperty("reference").GetString(), Is.EqualTo("adult-income@production"));
        Assert.That(root.GetProperty("baseline").GetProperty("sha256").GetString(), Is.EqualTo(_productionSha),
            "the report pins exactly which production model was compared");
        Assert.That(root.GetProperty("candidate").GetProperty("sha256").GetString(), Is.Not.EqualTo(_productionSha));
        Assert.That(root.GetProperty("data").GetProperty("rows").GetInt32(), Is.EqualTo(16281));
        var failedVsBaseline = root.GetProperty("gates").EnumerateArray()
            .Where(g => !g.GetProperty("passed").GetBoolean() && g.GetProperty("kind").GetString() == "baseline")
            .Select(g => g.GetProperty("metric").GetString()).ToList();
        Assert.That(failedVsBaseline, Is.EquivalentTo(new[] { "auc", "accuracy" }));
        var auc = root.GetProperty("gates").EnumerateArray().First(g => g.GetProperty("metric").GetString() == "auc" && g.GetProperty("kind").GetString() == "baseline");
        Assert.That(auc.GetProperty("candidate").GetDouble(), Is.LessThan(auc.GetProperty("baseline").GetDouble() - 0.005));

        var markdown = File.ReadAllText(_ws.PathOf("reports/weak/report.md"));
        Assert.That(markdown, Does.Contain("❌ quality gate failed"));
        Assert.That(markdown, Does.Contain("**Why it failed**"));
        Assert.That(markdown, Does.Contain("| baseline | auc |"));
    }

    [Test]
    public void Candidate_trained_like_production_with_another_seed_passes()
    {
        var train = _ws.Mlops("train", "--output", "runs/reseeded", "--seed", "7");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        var gate = _ws.Mlops("evaluate", "--model", "runs/reseeded", "--report", "reports/reseeded");
        Assert.That(gate.ExitCode, Is.EqualTo(0), gate.ToString());
        Assert.That(gate.Stdout, Does.Contain("quality gate passed"));
        using var report = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("reports/reseeded/report.json")));
        Assert.That(report.RootElement.GetProperty("baseline").GetProperty("sha256").GetString(), Is.EqualTo(_productionSha));
        var aucRow = report.RootElement.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("name").GetString() == "auc");
        Assert.That(aucRow.GetProperty("candidate").GetDouble(), Is.GreaterThan(0.90), "FastTree on Adult reaches about 0.92 AUC");
    }

    [Test]
    public void A_new_required_input_is_a_breaking_signature_change_unless_allowed()
    {
        // Production was trained without fnlwgt; a candidate that needs it would break every caller.
        var wide = File.ReadAllText(_ws.PathOf("mlops.yml")).Replace("  exclude: [fnlwgt]\n", "");
        _ws.Write("wide.yml", wide);
        Assert.That(_ws.Mlops("train", "--config", "wide.yml", "--output", "runs/wide").ExitCode, Is.EqualTo(0));
        var gate = _ws.Mlops("evaluate", "--config", "wide.yml", "--model", "runs/wide", "--report", "reports/wide");
        Assert.That(gate.ExitCode, Is.EqualTo(1), gate.ToString());
        Assert.That(gate.Stdout, Does.Contain("breaking signature change: new required input 'fnlwgt' (numeric)"));
        Assert.That(gate.Stdout, Does.Contain("quality gate failed: breaking signature change"));

        _ws.Write("wide-allowed.yml", wide.Replace("evaluate:\n", "evaluate:\n  signature: { allow-breaking: true }\n"));
        var allowed = _ws.Mlops("evaluate", "--config", "wide-allowed.yml", "--model", "runs/wide", "--report", "reports/wide-allowed");
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.ToString());
        Assert.That(allowed.Stdout + allowed.Stderr, Does.Contain("signature: new required input 'fnlwgt' (numeric) (breaking, allowed by evaluate.signature.allow-breaking)"));
    }

    [Test]
    public void Compare_shows_both_models_on_the_same_rows()
    {
        var run = _ws.Mlops("compare", "--champion", "adult-income@production", "--challenger", "adult-income:1");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("tie on auc"));
        Assert.That(run.Stdout, Does.Contain("16281 rows, same rows for both"));
    }

    private static string Sha256(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
