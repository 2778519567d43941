using System.Text;
using System.Text.Json.Nodes;
using MlOps.CiHosts.PullRequests;
using MlOps.CiHosts.Tests.PullRequests.Fakes;

namespace MlOps.CiHosts.Tests.PullRequests;

/// <summary>
/// The GitHub reporter (Octokit) against an in-process GitHub: one check run per run on the PR's head commit, and ONE
/// comment per model that every re-run edits, found by its hidden marker on whichever page it is.
/// </summary>
public class GitHubPullRequestReporterTests : PullRequestTestBase
{
    private FakeGitHub _github = null!;
    private const string Repo = "/repos/octo-org/adult-models";

    [SetUp]
    public async Task StartGitHub()
    {
        _github = await FakeGitHub.StartAsync("octo-org", "adult-models", 42);
        foreach (var (k, v) in PullRequestEnvironments.GitHub(_github, PullRequestEnvironments.WriteEvent(Temp, Assets), Temp)) Vars[k] = v;
    }

    [TearDown]
    public async Task StopGitHub() => await _github.DisposeAsync();

    private IPullRequestReporter Reporter() => PullRequestReporterFactory.Create(Create("github-actions"), Env, Fast);

    private List<RecordedRequest> Requests => _github.Requests.ToList();

    [Test]
    public async Task First_run_creates_a_check_run_on_the_head_commit_and_one_comment()
    {
        var reporter = Reporter();
        Assert.That(reporter.Description, Is.EqualTo("GitHub PR #42 in octo-org/adult-models"));
        var report = Report(passed: false);
        var lines = await reporter.PublishAsync(report);

        Assert.That(Requests.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"POST {Repo}/check-runs",
            $"GET {Repo}/issues/42/comments?sort=created&direction=asc&per_page=100",
            $"POST {Repo}/issues/42/comments",
        }));
        Assert.That(Requests.Select(r => r.Authorization), Has.All.EqualTo($"Token {FakeGitHub.Token}"), "Octokit's header for a token");
        AssertJson(Requests[0].Body, new JsonObject
        {
            ["name"] = "mlops / adult-income",
            ["head_sha"] = PullRequestEnvironments.HeadSha,
            ["details_url"] = RunUrl,
            ["status"] = "completed",
            ["conclusion"] = "failure",
            ["output"] = new JsonObject { ["title"] = "quality gate failed: auc regressed", ["summary"] = report.Markdown },
        }, "the check run sits on the PR's head commit (not GITHUB_SHA, the merge commit) and carries the verdict and the report");
        AssertJson(Requests[2].Body, new JsonObject { ["body"] = "<!-- mlops-report:adult-income -->\n" + report.Markdown }, "the comment");

        Assert.That(_github.Comments, Has.Count.EqualTo(1));
        Assert.That(lines, Has.Some.StartsWith("check run 'mlops / adult-income'").And.Some.Contains("comment").And.Some.Contains("created"));
    }

    [Test]
    public async Task Failed_gates_are_annotations_on_files_inside_the_checkout()
    {
        var report = Report(passed: false) with
        {
            Annotations =
            [
                new(Path.Combine(Temp, "models", "mlops.yml"), 7, "baseline gate: auc", "auc dropped by 0.0436, more than the margin 0.005"),
                new("/somewhere/else/mlops.yml", 3, "threshold gate: auc", "not in the checkout"),
            ],
        };

        await Reporter().PublishAsync(report);

        AssertJson(_github.Requests.First().Body!["output"]!["annotations"], new JsonArray(new JsonObject
        {
            ["path"] = "models/mlops.yml",
            ["start_line"] = 7,
            ["end_line"] = 7,
            ["annotation_level"] = "failure",
            ["message"] = "auc dropped by 0.0436, more than the margin 0.005",
            ["title"] = "baseline gate: auc",
        }), "a path relative to GITHUB_WORKSPACE, as GitHub matches it against the diff; a file outside the checkout is left out");
    }

    [Test]
    public async Task Re_runs_edit_the_same_comment_and_leave_other_comments_alone()
    {
        var human = _github.AddComment("LGTM once the gate is green", "reviewer");
        var churn = _github.AddComment("<!-- mlops-report:churn -->\n## mlops gate · churn: ✅ quality gate passed", "github-actions[bot]");
        var longer = _github.AddComment("<!-- mlops-report:adult-income-v2 -->\n## mlops gate · adult-income-v2", "github-actions[bot]");
        var before = new[] { human, churn, longer }.Select(c => c.ToJsonString()).ToList();

        await Reporter().PublishAsync(Report(passed: false));
        var ours = _github.Comments.Last()["id"]!.GetValue<long>();
        await Reporter().PublishAsync(Report(passed: false));
        await Reporter().PublishAsync(Report(passed: true));

        var marked = _github.Comments.Where(c => c["body"]!.GetValue<string>().Contains("<!-- mlops-report:adult-income -->")).ToList();
        Assert.That(marked, Has.Count.EqualTo(1), "one comment after three runs");
        Assert.That(marked[0]["id"]!.GetValue<long>(), Is.EqualTo(ours));
        Assert.That(marked[0]["body"]!.GetValue<string>(), Does.Contain("✅ quality gate passed").And.Not.Contains("failed"), "the comment shows the latest run");
        Assert.That(_github.Comments.Take(3).Select(c => c.ToJsonString()), Is.EqualTo(before), "other people's and other models' comments are untouched");
        Assert.That(_github.Writes.Where(r => r.Path.Contains("comments")).Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"POST {Repo}/issues/42/comments",
            $"PATCH {Repo}/issues/comments/{ours}",
            $"PATCH {Repo}/issues/comments/{ours}",
        }));
        Assert.That(_github.CheckRuns.Select(c => c["conclusion"]!.GetValue<string>()), Is.EqualTo(new[] { "failure", "failure", "success" }));
    }

    [Test]
    public async Task The_marker_comment_on_the_second_page_is_found_and_edited()
    {
        for (var i = 0; i < 130; i++)
            _github.AddComment(i == 120 ? "<!-- mlops-report:adult-income -->\nold report" : $"comment {i}", i == 120 ? "github-actions[bot]" : "reviewer");
        var ours = _github.Comments[120]["id"]!.GetValue<long>();

        await Reporter().PublishAsync(Report(passed: true));

        Assert.That(Requests.Where(r => r.Method == "GET").Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"GET {Repo}/issues/42/comments?sort=created&direction=asc&per_page=100",
            $"GET {Repo}/issues/42/comments?sort=created&direction=asc&per_page=100&page=2",
        }), "the second page is read through the Link header GitHub sends");
        Assert.That(_github.Writes.Select(r => r.ToString()), Is.EqualTo(new[] { $"POST {Repo}/check-runs", $"PATCH {Repo}/issues/comments/{ours}" }));
        Assert.That(_github.Comments, Has.Count.EqualTo(130));
        Assert.That(_github.Comments[120]["body"]!.GetValue<string>(), Does.Contain("quality gate passed"));
    }

    [Test]
    public async Task A_fork_PRs_read_only_token_is_refused_as_a_permission_problem_and_nothing_is_written()
    {
        PullRequestEnvironments.WriteEvent(Temp, Assets, fork: true);
        _github.ReadOnly = true;

        var error = (await Assert.ThrowsAsync<PullRequestReportException>(() => Reporter().PublishAsync(Report(passed: false))))!;

        Assert.That(error.PermissionDenied, Is.True);
        Assert.That(error.Status, Is.EqualTo(403));
        Assert.That(error.Message, Does.Contain("check: GitHub answered 403").And.Contain("comment: GitHub answered 403").And.Contain("Resource not accessible by integration"));
        Assert.That(_github.Requests.Where(r => r.Path.Contains("/statuses/")), Is.Empty, "a fork's token cannot set a status either: no pointless fallback");
        Assert.That(_github.Comments, Is.Empty);
        Assert.That(_github.Writes.Select(r => r.ToString()), Is.EqualTo(new[] { $"POST {Repo}/check-runs", $"POST {Repo}/issues/42/comments" }),
            "a 403 is an answer, not a transient failure: no retries");
    }

    [Test]
    public async Task A_token_that_cannot_create_check_runs_sets_a_commit_status_instead()
    {
        _github.NotAnApp = true;
        Vars.Remove("GITHUB_TOKEN");
        Vars["MLOPS_GITHUB_TOKEN"] = FakeGitHub.Token;
        var report = Report(passed: false);

        var lines = await Reporter().PublishAsync(report);

        var status = _github.Requests.Single(r => r.Path.Contains("/statuses/"));
        Assert.That(status.ToString(), Is.EqualTo($"POST {Repo}/statuses/{PullRequestEnvironments.HeadSha}"));
        AssertJson(status.Body, new JsonObject
        {
            ["state"] = "failure",
            ["target_url"] = RunUrl,
            ["description"] = "quality gate failed: auc regressed",
            ["context"] = "mlops / adult-income",
        }, "the commit status");
        Assert.That(lines, Has.Some.Contains("commit status 'mlops / adult-income'").And.Some.Contains("cannot create check runs"));
        Assert.That(_github.Comments, Has.Count.EqualTo(1), "the comment does not depend on the check");
    }

    [Test]
    public async Task A_push_build_is_not_a_PR_and_sends_nothing()
    {
        Vars["GITHUB_EVENT_NAME"] = "push";
        Vars["GITHUB_EVENT_PATH"] = PullRequestEnvironments.WriteEvent(Temp, Assets, file: "push.json");

        var reporter = Reporter();
        await reporter.PublishAsync(Report(passed: true));

        Assert.That(reporter, Is.InstanceOf<NoPullRequestReporter>());
        Assert.That(((NoPullRequestReporter)reporter).Reason, Is.EqualTo("this run is not for a pull request (GITHUB_EVENT_NAME is 'push')"));
        Assert.That(((NoPullRequestReporter)reporter).IsProblem, Is.False);
        Assert.That(_github.Requests, Is.Empty);
    }

    [Test]
    public void A_PR_event_file_that_is_not_JSON_is_named_and_nothing_is_sent()
    {
        File.WriteAllText(Vars["GITHUB_EVENT_PATH"], "{ truncated");
        var reporter = (NoPullRequestReporter)Reporter();
        Assert.That(reporter.Reason, Is.EqualTo($"{Vars["GITHUB_EVENT_PATH"]}: the event file is not JSON"));
        Assert.That(reporter.IsProblem, Is.True, "a PR event whose PR cannot be read is worth a warning");
    }

    [Test]
    public void A_PR_without_a_token_says_how_to_pass_one()
    {
        Vars.Remove("GITHUB_TOKEN");
        var reporter = (NoPullRequestReporter)Reporter();
        Assert.That(reporter.IsProblem, Is.True);
        Assert.That(reporter.Reason, Does.Contain("GITHUB_TOKEN: ${{ github.token }}"));
    }

    [Test]
    public async Task Server_errors_are_retried_and_the_comment_is_still_written_once()
    {
        _github.FailNext($"POST {Repo}/issues/42/comments", 502, new JsonObject { ["message"] = "Server Error" }, times: 2);

        await Reporter().PublishAsync(Report(passed: true));

        Assert.That(_github.Requests.Count(r => r.ToString() == $"POST {Repo}/issues/42/comments"), Is.EqualTo(3));
        Assert.That(_github.Comments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_service_that_stays_down_is_a_failure_that_is_not_about_permissions()
    {
        _github.FailNext("/issues/42/comments", 503, new JsonObject { ["message"] = "Service Unavailable" }, times: 100);

        var error = (await Assert.ThrowsAsync<PullRequestReportException>(() => Reporter().PublishAsync(Report(passed: true))))!;

        Assert.That(error.PermissionDenied, Is.False);
        Assert.That(error.Status, Is.EqualTo(503));
        Assert.That(error.Message, Does.StartWith("comment: GitHub answered 503").And.Contain("done: check run 'mlops / adult-income'"));
        Assert.That(_github.Requests.Count(r => r.Method == "GET"), Is.EqualTo(3), "the first attempt and two retries (Fast.MaxRetries)");
    }

    [Test]
    public void The_token_is_masked_before_any_request()
    {
        var host = Create("github-actions");
        PullRequestReporterFactory.Create(host, Env, Fast);
        Assert.That(Out.ToString(), Does.Contain($"::add-mask::{FakeGitHub.Token}"));
        Assert.That(host.Redact($"Authorization: token {FakeGitHub.Token}"), Is.EqualTo("Authorization: token ***"));
    }

    [Test]
    public async Task A_report_over_GitHubs_limit_is_cut_with_a_note_in_both_the_check_and_the_comment()
    {
        var rows = string.Concat(Enumerable.Range(0, 3000).Select(i => $"| slice {i} | ❌ 0.{i:0000} |\n"));
        await Reporter().PublishAsync(Report(passed: false, markdown: "## mlops gate · adult-income: ❌ quality gate failed\n" + rows));

        var summary = _github.CheckRuns.Single()["output"]!["summary"]!.GetValue<string>();
        var comment = _github.Comments.Single()["body"]!.GetValue<string>();
        foreach (var text in new[] { summary, comment })
        {
            Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(65535));
            Assert.That(text, Does.Contain("## mlops gate · adult-income: ❌ quality gate failed"), "the verdict is at the top, so it survives the cut");
            Assert.That(text, Does.EndWith($"_The report was cut here to fit the 65535-character limit of this field; the whole report is on the run's summary: {RunUrl}_\n"));
        }
        Assert.That(comment, Does.StartWith("<!-- mlops-report:adult-income -->\n"), "the marker survives the cut, so the next run finds the comment");
    }
}
