using System.Security.Cryptography;
using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>
/// A model's whole trip through the built CLI — train → evaluate → register → promote → deploy, twice — inside a
/// (simulated) GitHub Actions run, then what `mlops lineage` and `mlops audit` tell about it, and what tampering does.
/// </summary>
[TestFixture, NonParallelizable]
public class LineageAndAuditTests
{
    private const string RunUrl = "https://github.com/acme/models/actions/runs/4242";
    private Workspace _ws = null!;
    private Dictionary<string, string> _github = null!;
    private string _data = "";

    [OneTimeSetUp]
    public void RunThePipelineTwice()
    {
        _ws = new Workspace();
        _data = Workspace.Dataset("breast_cancer_wisconsin.csv");
        _ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{_data}}, test: {{_data}} }
            train: { mlnet: { trees: 20 } }
            evaluate: { thresholds: { auc: ">= 0.9" }, significance: false }
            deploy: { test: { target: local, port: 0 } }
            """);
        _github = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_ACTOR"] = "octocat",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_REPOSITORY"] = "acme/models",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_OUTPUT"] = _ws.PathOf("github_output"),
            ["GITHUB_STEP_SUMMARY"] = _ws.PathOf("github_summary"),
        };
        foreach (var round in new[] { "first", "second" })
        {
            Ok(Ci("train", "--output", $"runs/{round}"));
            Ok(Ci("evaluate", "--model", $"runs/{round}", "--report", $"reports/{round}"));
            Ok(Ci("register", "--model", $"runs/{round}"));
            if (round != "first") continue;
            Ok(Ci("promote", "cancer:1"));
            Ok(Ci("deploy", "--env", "test"));
        }
        Ok(Ci("deploy", "--env", "test", "--stop"));
        // Run locally with CI variables scrubbed: the identity is the OS user and there is no run URL.
        Ok(_ws.Mlops("promote", "cancer:2"));
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _ws.Mlops("deploy", "--env", "test", "--stop");
        _ws.Dispose();
    }

    private CliRun Ci(params string[] args) => MlOpsCli.Run(_ws.Root, _github, args);

    private static CliRun Ok(CliRun run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Test]
    public void Json_lineage_links_data_code_run_gate_report_baseline_and_deployments()
    {
        var run = Ok(_ws.Mlops("lineage", "cancer:2", "--format", "json"));
        using var doc = JsonDocument.Parse(run.Stdout);
        var l = doc.RootElement;
        Assert.That(l.GetProperty("reference").GetString(), Is.EqualTo("cancer:2"));
        var registration = l.GetProperty("registration");
        Assert.That(registration.GetProperty("by").GetString(), Is.EqualTo("octocat"));
        Assert.That(registration.GetProperty("ci").GetString(), Is.EqualTo("github-actions"));
        Assert.That(registration.GetProperty("runUrl").GetString(), Is.EqualTo(RunUrl));
        Assert.That(registration.GetProperty("intact").GetBoolean(), Is.True);
        Assert.That(registration.GetProperty("currentAliases").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "production" }));

        Assert.That(l.GetProperty("code").GetProperty("repository").GetString(), Is.EqualTo("https://github.com/acme/models"));
        Assert.That(l.GetProperty("code").GetProperty("commit").ValueKind, Is.EqualTo(JsonValueKind.Null),
            "the workspace is no git checkout: the commit is unknown, not taken from anywhere else");
        Assert.That(l.GetProperty("training").GetProperty("runUrl").GetString(), Is.EqualTo(RunUrl));
        Assert.That(l.GetProperty("training").GetProperty("requestedBy").GetString(), Is.EqualTo("octocat"));
        var data = l.GetProperty("data")[0];
        Assert.That(data.GetProperty("sha256").GetString(), Is.EqualTo(Sha256(_data)));
        Assert.That(data.GetProperty("rows").GetInt32(), Is.EqualTo(File.ReadAllLines(_data).Length - 1));
        Assert.That(l.GetProperty("schema").GetProperty("label").GetString(), Is.EqualTo("diagnosis"));
        Assert.That(l.GetProperty("schema").GetProperty("features").GetArrayLength(), Is.GreaterThan(10));
        Assert.That(l.GetProperty("profile").GetProperty("sha256").GetString(), Has.Length.EqualTo(64));

        var gate = l.GetProperty("gate");
        Assert.That(gate.GetProperty("passed").GetBoolean(), Is.True);
        Assert.That(gate.GetProperty("reportSha256").GetString(), Is.EqualTo(Sha256(_ws.PathOf("reports/second/report.json"))));
        Assert.That(gate.GetProperty("reportIntact").GetBoolean(), Is.True);
        Assert.That(l.GetProperty("metrics").GetProperty("values").GetProperty("auc").GetDouble(), Is.GreaterThan(0.9));
        Assert.That(l.GetProperty("baseline").GetProperty("reference").GetString(), Is.EqualTo("cancer:1"),
            "the second candidate was gated against the production model of the time");
        Assert.That(l.GetProperty("audit").GetProperty("intact").GetBoolean(), Is.True);
    }

    [Test]
    public void Deployments_and_promotions_show_in_the_lineage_of_the_version_deployed()
    {
        using var doc = JsonDocument.Parse(Ok(_ws.Mlops("lineage", "cancer:1", "--format", "json")).Stdout);
        var deployments = doc.RootElement.GetProperty("deployments").EnumerateArray().ToList();
        Assert.That(deployments.Select(d => $"{d.GetProperty("event").GetString()} {d.GetProperty("environment").GetString()}"),
            Is.EqualTo(new[] { "deployed test", "undeployed test" }));
        Assert.That(deployments[0].GetProperty("url").GetString(), Does.StartWith("http://127.0.0.1:"));
        Assert.That(doc.RootElement.GetProperty("baseline").ValueKind, Is.EqualTo(JsonValueKind.Null), "the first model had no production to compare with");
    }

    [Test]
    public void Text_and_mermaid_say_unknown_where_nothing_was_recorded()
    {
        var text = Ok(_ws.Mlops("lineage", "cancer@production")).Stdout;
        Assert.That(text, Does.StartWith("cancer:2"));
        Assert.That(text, Does.Contain("commit       unknown"));
        Assert.That(text, Does.Contain($"by octocat (github-actions) in {RunUrl}"));
        Assert.That(text, Does.Contain("baseline     cancer:1"));
        Assert.That(text, Does.Contain("audit trail intact"));

        var mermaid = Ok(_ws.Mlops("lineage", "cancer:2", "--format", "mermaid")).Stdout;
        Assert.That(mermaid, Does.StartWith("flowchart LR"));
        Assert.That(mermaid, Does.Contain("data0 --> run").And.Contain("run --> version").And.Contain("version --> gate"));
        Assert.That(mermaid, Does.Contain("baseline cancer:1").And.Contain("gate passed"));
    }

    [Test]
    public void Audit_lists_who_did_what_and_why_and_filters()
    {
        var table = Ok(_ws.Mlops("audit"));
        var rows = table.Stdout.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.That(rows.Select(r => r.Split("  ", StringSplitOptions.RemoveEmptyEntries)[2].Trim()), Is.EqualTo(new[]
        {
            "gate-passed", "registered", "promoted", "deployed", "gate-passed", "registered", "undeployed", "promoted",
        }));
        Assert.That(rows.Take(7), Has.All.Contain("octocat").And.All.Contain(RunUrl));
        Assert.That(rows[1], Does.Contain("quality gate passed"), "the registration names the gate decision on the same model file");
        Assert.That(rows[2], Does.Contain("quality gate passed").And.Contain("[report "), "so does the promotion, with the report's hash");
        Assert.That(rows[7], Does.Not.Contain("octocat").And.Not.Contain("https://"), "a local run records the OS user and no run URL");
        Assert.That(rows[7], Does.Contain("(was 1)"));
        Assert.That(table.Stdout, Does.Contain("audit trail intact: 8 events"));

        using var json = JsonDocument.Parse(Ok(_ws.Mlops("audit", "--model", "cancer", "--since", "2000-01-01", "--format", "json")).Stdout);
        Assert.That(json.RootElement.GetProperty("intact").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("events").GetArrayLength(), Is.EqualTo(8));
        Assert.That(Ok(_ws.Mlops("audit", "--since", DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"))).Stdout, Does.Contain("(no events match)"));
        Assert.That(_ws.Mlops("audit", "--since", "last tuesday").ExitCode, Is.EqualTo(2));
        Assert.That(Ok(_ws.Mlops("audit", "--model", "other")).Stdout, Does.Contain("(no events match)"));
    }

    [Test]
    public void An_edited_event_makes_audit_exit_1_naming_the_line()
    {
        var log = _ws.PathOf(".mlops/registry/events.jsonl");
        var original = File.ReadAllText(log);
        try
        {
            var lines = original.Split('\n');
            lines[4] = lines[4].Replace("\"who\":\"octocat\"", "\"who\":\"mallory\"");
            File.WriteAllText(log, string.Join('\n', lines));

            var audit = _ws.Mlops("audit");
            Assert.That(audit.ExitCode, Is.EqualTo(1), audit.ToString());
            Assert.That(audit.Stderr, Does.Contain("events.jsonl:5").And.Contain("line 5").And.Contain("was edited"));
            Assert.That(audit.Stderr, Does.Contain("audit trail broken"));
            var lineage = _ws.Mlops("lineage", "cancer:1");
            Assert.That(lineage.Stdout, Does.Contain("AUDIT TRAIL BROKEN"));
        }
        finally
        {
            File.WriteAllText(log, original);
        }
    }
}
