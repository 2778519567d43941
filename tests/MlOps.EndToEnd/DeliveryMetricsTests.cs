using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops metrics delivery` through the built CLI after a real register / promote / rollback history:
/// versions 1, 2 and 3 of one trained model; 2 is rolled back to 1, then 3 goes to production. Known answers: 3
/// production changes, 1 rollback, 1 failed change (2), change failure rate 1/3, 3 / (30 / 7) = 0.7 per week,
/// every lead time measured from run.json's training start.
/// </summary>
[TestFixture, NonParallelizable]
public class DeliveryMetricsTests
{
    private Workspace _ws = null!;

    [OneTimeSetUp]
    public void RegisterPromoteRollBack()
    {
        _ws = new Workspace();
        var (train, test) = _ws.Split("iris.csv");
        _ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 10, min-leaf: 2 } }
            """);
        Ok(_ws.Mlops("train", "--output", "a"));
        for (var i = 0; i < 3; i++) Ok(_ws.Mlops("register", "--model", "a"));
        Ok(_ws.Mlops("promote", "iris:1"));
        Ok(_ws.Mlops("promote", "iris:2"));
        Ok(_ws.Mlops("promote", "iris:1")); // back to an older version: recorded as rolled-back
        Ok(_ws.Mlops("promote", "iris:3"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _ws.Dispose();

    private static CliRun Ok(CliRun run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run;
    }

    [Test]
    public void Json_has_the_known_answers()
    {
        using var doc = JsonDocument.Parse(Ok(_ws.Mlops("metrics", "delivery", "--format", "json")).Stdout);
        var all = doc.RootElement.GetProperty("all");
        Assert.That(all.GetProperty("changes").GetInt32(), Is.EqualTo(3));
        Assert.That(all.GetProperty("rollbacks").GetInt32(), Is.EqualTo(1));
        Assert.That(all.GetProperty("failedChanges").GetInt32(), Is.EqualTo(1));
        Assert.That(all.GetProperty("unrestored").GetInt32(), Is.EqualTo(0));
        Assert.That(all.GetProperty("changeFailureRate").GetDouble(), Is.EqualTo(0.3333));
        Assert.That(all.GetProperty("deploymentsPerWeek").GetDouble(), Is.EqualTo(0.7));
        Assert.That(all.GetProperty("restoresMeasured").GetInt32(), Is.EqualTo(1));
        Assert.That(all.GetProperty("leadTimesMeasured").GetInt32(), Is.EqualTo(3));
        var changes = doc.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.That(changes.Select(c => c.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(changes.Select(c => c.GetProperty("failedBy").GetString()), Is.EqualTo(new[] { null, "rolled-back to 1", null }));
        Assert.That(changes.Select(c => c.GetProperty("leadFrom").GetString()), Has.All.EqualTo("training"));
        Assert.That(changes.Select(c => c.GetProperty("leadTimeHours").GetDouble()), Has.All.GreaterThan(0).And.All.LessThan(1));
        Assert.That(doc.RootElement.GetProperty("window").GetProperty("days").GetDouble(), Is.EqualTo(30));
    }

    [Test]
    public void Table_shows_totals_and_each_change()
    {
        var table = Ok(_ws.Mlops("metrics", "delivery", "--model", "iris")).Stdout;
        Assert.That(table, Does.StartWith("delivery to @production"));
        var total = table.Split('\n').Single(l => l.StartsWith("all ", StringComparison.Ordinal));
        Assert.That(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..3], Is.EqualTo(new[] { "3", "0.7" }));
        Assert.That(total, Does.Contain("33%"));
        Assert.That(table, Does.Contain("iris:2 (was 1)").And.Contain("failed: rolled-back to 1"));
        Assert.That(table, Does.Contain("iris:3 (was 1)"));
        Assert.That(table, Does.Contain("lead time starts at training start"));

        Assert.That(Ok(_ws.Mlops("metrics", "delivery", "--format", "mermaid")).Stdout, Does.StartWith("xychart-beta").And.Contain("bar ["));
    }

    [Test]
    public void Empty_windows_bad_arguments_and_a_tampered_trail()
    {
        Assert.That(Ok(_ws.Mlops("metrics", "delivery", "--model", "other")).Stdout, Does.Contain("nothing to measure"));
        Assert.That(Ok(_ws.Mlops("metrics", "delivery", "--alias", "staging")).Stdout, Does.StartWith("no changes to @staging"));

        var bad = _ws.Mlops("metrics", "delivery", "--since", "last tuesday");
        Assert.That(bad.ExitCode, Is.EqualTo(2), bad.ToString());
        Assert.That(bad.Stderr, Does.Contain("--since 'last tuesday'"));
        Assert.That(_ws.Mlops("metrics", "quality").ExitCode, Is.EqualTo(2));

        var log = _ws.PathOf(".mlops/registry/events.jsonl");
        var original = File.ReadAllText(log);
        try
        {
            var lines = original.Split('\n');
            lines[5] = lines[5].Replace("\"rolled-back\"", "\"promoted\"");
            Assert.That(lines[5], Does.Contain("\"promoted\""), "line 6 is the rollback");
            File.WriteAllText(log, string.Join('\n', lines));

            var tampered = _ws.Mlops("metrics", "delivery");
            Assert.That(tampered.ExitCode, Is.EqualTo(1), tampered.ToString());
            Assert.That(tampered.Stderr, Does.Contain("events.jsonl:6").And.Contain("audit trail broken"));
            Assert.That(tampered.Stdout, Does.Not.Contain("DEPLOYS"));
        }
        finally
        {
            File.WriteAllText(log, original);
        }
    }
}
