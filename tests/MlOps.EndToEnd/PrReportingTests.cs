using MlOps.CiHosts.Tests.PullRequests.Fakes;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops evaluate` in a PR build, as a process, against in-process fakes of GitHub and Azure DevOps: the PR gets a
/// failed status and ONE comment/thread holding the report's verdict line, updated in place on the next run; a fork's
/// read-only token is a warning and the exit code stays the gate's.
/// </summary>
[TestFixture, NonParallelizable]
public class PrReportingTests
{
    private Workspace _ws = null!;
    private static string Assets => Path.Combine(TestContext.CurrentContext.TestDirectory, "PullRequests", "Assets");

    [OneTimeSetUp]
    public void ProductionAndAWorseCandidate()
    {
        _ws = new Workspace();
        var (train, test) = _ws.Split("breast_cancer_wisconsin.csv");
        _ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 20 } }
            evaluate: { thresholds: { auc: ">= 0.9" }, baseline: { margin: { auc: 0.005 } } }
            """);
        Assert.That(_ws.Mlops("train", "--output", "runs/production").ExitCode, Is.EqualTo(0));
        Assert.That(_ws.Mlops("register", "--model", "runs/production").ExitCode, Is.EqualTo(0));
        Assert.That(_ws.Mlops("promote", "cancer:1", "--alias", "production").ExitCode, Is.EqualTo(0));
        // Only three weak features: clearly worse than production.
        var weakOnly = File.ReadLines(train).First().Split(',').Except(["diagnosis", "smoothness_error", "symmetry_error", "fractal_dimension_error"]);
        var weak = _ws.Mlops("train", "--output", "runs/weak", "--exclude", string.Join(',', weakOnly));
        Assert.That(weak.ExitCode, Is.EqualTo(0), weak.ToString());
    }

    [OneTimeTearDown]
    public void Cleanup() => _ws.Dispose();

    private string VerdictLine(string reportDir) => File.ReadLines(_ws.PathOf($"{reportDir}/report.md")).First();

    private List<string> FailedGates(string reportDir)
    {
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_ws.PathOf($"{reportDir}/report.json")));
        var failed = report.RootElement.GetProperty("gates").EnumerateArray().Where(g => !g.GetProperty("passed").GetBoolean())
            .Select(g => $"{g.GetProperty("kind").GetString()} gate: {g.GetProperty("metric").GetString()}").ToList();
        Assert.That(failed, Is.Not.Empty);
        return failed;
    }

    [Test]
    public async Task GitHub_PR_gets_a_failed_check_and_one_comment_that_the_next_run_updates()
    {
        await using var github = await FakeGitHub.StartAsync("octo-org", "adult-models", 42);
        var env = PullRequestEnvironments.GitHub(github, PullRequestEnvironments.WriteEvent(_ws.Root, Assets), _ws.Root);

        var failed = MlOpsCli.Run(_ws.Root, env, "evaluate", "--model", "runs/weak", "--report", "reports/gh-weak");

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(VerdictLine("reports/gh-weak"), Does.StartWith("## mlops gate · cancer: ❌ quality gate failed"));
        var check = github.CheckRuns.Single();
        Assert.That(check["name"]!.GetValue<string>(), Is.EqualTo("mlops / cancer"));
        Assert.That(check["conclusion"]!.GetValue<string>(), Is.EqualTo("failure"));
        Assert.That(check["head_sha"]!.GetValue<string>(), Is.EqualTo(PullRequestEnvironments.HeadSha));
        Assert.That(check["details_url"]!.GetValue<string>(), Is.EqualTo("https://github.com/octo-org/adult-models/actions/runs/11223344"));
        var annotations = check["output"]!["annotations"]!.AsArray().Select(a => a!).ToList();
        Assert.That(annotations.Select(a => a["title"]!.GetValue<string>()), Is.EquivalentTo(FailedGates("reports/gh-weak")),
            "one annotation per failed gate of report.json");
        Assert.That(annotations.Select(a => a["path"]!.GetValue<string>()), Has.All.EqualTo("mlops.yml"));
        Assert.That(annotations.Select(a => a["start_line"]!.GetValue<int>()), Has.All.EqualTo(4), "the evaluate: line, where the gates are defined");
        Assert.That(annotations.Select(a => a["annotation_level"]!.GetValue<string>()), Has.All.EqualTo("failure"));
        var comment = github.Comments.Single();
        Assert.That(comment["body"]!.GetValue<string>(), Does.StartWith("<!-- mlops-report:cancer -->\n" + VerdictLine("reports/gh-weak") + "\n"));
        Assert.That(failed.Stdout, Does.Contain("  PR: check run 'mlops / cancer'").And.Contain("  PR: comment ").And.Contain(" created: "));

        var passed = MlOpsCli.Run(_ws.Root, env, "evaluate", "--model", "runs/production", "--report", "reports/gh-production");

        Assert.That(passed.ExitCode, Is.EqualTo(0), passed.ToString());
        Assert.That(github.Comments, Has.Count.EqualTo(1), "the same comment, edited: not a new one per push");
        Assert.That(github.Comments[0]["id"]!.GetValue<long>(), Is.EqualTo(comment["id"]!.GetValue<long>()));
        Assert.That(github.Comments[0]["body"]!.GetValue<string>(), Does.Contain(VerdictLine("reports/gh-production")).And.Contain("✅"));
        Assert.That(github.CheckRuns.Select(c => c["conclusion"]!.GetValue<string>()), Is.EqualTo(new[] { "failure", "success" }));
        foreach (var run in new[] { failed, passed })
            Assert.That((run.Stdout + run.Stderr).Replace($"::add-mask::{FakeGitHub.Token}", ""), Does.Not.Contain(FakeGitHub.Token),
                "the token appears only in the mask command");
    }

    [Test]
    public async Task A_fork_PR_whose_token_is_read_only_gets_a_warning_and_the_gates_exit_code()
    {
        await using var github = await FakeGitHub.StartAsync("octo-org", "adult-models", 42);
        github.ReadOnly = true;
        var env = PullRequestEnvironments.GitHub(github, PullRequestEnvironments.WriteEvent(_ws.Root, Assets, fork: true), _ws.Root);

        var run = MlOpsCli.Run(_ws.Root, env, "evaluate", "--model", "runs/weak", "--report", "reports/fork");

        Assert.That(run.ExitCode, Is.EqualTo(1), "the gate failed; the refused comment changes nothing\n" + run);
        Assert.That(run.Stdout, Does.Contain("::warning::the token cannot comment (fork PR or missing permission pull-requests: write / Contribute to pull requests)"));
        Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("internal error").And.Not.Contain("Exception"));
        Assert.That(github.Comments, Is.Empty);
        Assert.That(File.ReadAllText(env["GITHUB_STEP_SUMMARY"]), Does.Contain(VerdictLine("reports/fork")), "the job summary still has the report");
    }

    [Test]
    public async Task No_pr_report_sends_nothing()
    {
        await using var github = await FakeGitHub.StartAsync("octo-org", "adult-models", 42);
        var env = PullRequestEnvironments.GitHub(github, PullRequestEnvironments.WriteEvent(_ws.Root, Assets), _ws.Root);

        var run = MlOpsCli.Run(_ws.Root, env, "evaluate", "--model", "runs/weak", "--report", "reports/quiet", "--no-pr-report");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(github.Requests, Is.Empty);
    }

    [Test]
    public async Task Azure_Repos_PR_gets_a_failed_mlops_status_and_one_active_thread()
    {
        await using var ado = await FakeAzureDevOps.StartAsync(17);
        var env = PullRequestEnvironments.AzurePipelines(ado, _ws.Root);

        var run = MlOpsCli.Run(_ws.Root, env, "evaluate", "--model", "runs/weak", "--report", "reports/ado-weak");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var status = ado.Statuses.Single();
        Assert.That(status["state"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(status["context"]!["genre"]!.GetValue<string>(), Is.EqualTo("mlops"));
        Assert.That(status["context"]!["name"]!.GetValue<string>(), Is.EqualTo("cancer"));
        Assert.That(status["description"]!.GetValue<string>(), Does.StartWith("quality gate failed"));
        Assert.That(status["targetUrl"]!.GetValue<string>(), Is.EqualTo($"{ado.CollectionUri}Adult%20Models/_build/results?buildId=512"));
        var thread = ado.Threads.Single();
        Assert.That(thread["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(thread["comments"]![0]!["content"]!.GetValue<string>(),
            Does.StartWith("<!-- mlops-report:cancer -->\n" + VerdictLine("reports/ado-weak") + "\n"));
        Assert.That(run.Stdout, Does.Contain("##vso[task.uploadsummary]"), "the report is on the run's Extensions tab too");
        Assert.That(run.Stdout, Does.Contain("  PR: PR status mlops/cancer: failed"));
        Assert.That((run.Stdout + run.Stderr).Replace($"##vso[task.setsecret]{FakeAzureDevOps.Token}", ""), Does.Not.Contain(FakeAzureDevOps.Token),
            "the token appears only in the command that masks it");
    }
}
