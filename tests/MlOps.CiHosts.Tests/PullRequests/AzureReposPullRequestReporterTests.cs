using System.Text.Json.Nodes;
using MlOps.CiHosts.PullRequests;
using MlOps.CiHosts.Tests.PullRequests.Fakes;

namespace MlOps.CiHosts.Tests.PullRequests;

/// <summary>
/// The Azure Repos reporter (REST 7.1 with System.AccessToken) against an in-process Azure DevOps: a PR status genre
/// "mlops" a branch policy can require, and ONE thread per model, edited in place, active while the gate fails.
/// </summary>
public class AzureReposPullRequestReporterTests : PullRequestTestBase
{
    private FakeAzureDevOps _ado = null!;
    private string Pr => _ado.PullRequestPath;

    [SetUp]
    public async Task StartAzureDevOps()
    {
        _ado = await FakeAzureDevOps.StartAsync(17);
        foreach (var (k, v) in PullRequestEnvironments.AzurePipelines(_ado, Temp)) Vars[k] = v;
    }

    [TearDown]
    public async Task StopAzureDevOps() => await _ado.DisposeAsync();

    private IPullRequestReporter Reporter() => PullRequestReporterFactory.Create(Create("azure-pipelines"), Env, Fast);

    private List<RecordedRequest> Requests => _ado.Requests.ToList();

    [Test]
    public async Task First_run_sets_the_PR_status_and_opens_one_active_thread()
    {
        var reporter = Reporter();
        Assert.That(reporter.Description, Is.EqualTo($"Azure Repos PR 17 in {_ado.CollectionUri}{FakeAzureDevOps.ProjectId}"));
        var report = Report(passed: false);
        var lines = await reporter.PublishAsync(report);

        Assert.That(Requests.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"POST {Pr}/statuses?api-version=7.1",
            $"GET {Pr}/threads?api-version=7.1",
            $"POST {Pr}/threads?api-version=7.1",
        }), "project and repository by id: a renamed project or a space in its name never breaks the URL");
        Assert.That(Requests.Select(r => r.Authorization), Has.All.EqualTo($"Bearer {FakeAzureDevOps.Token}"));
        AssertJson(Requests[0].Body, new JsonObject
        {
            ["state"] = "failed",
            ["description"] = "quality gate failed: auc regressed",
            ["context"] = new JsonObject { ["genre"] = "mlops", ["name"] = "adult-income" },
            ["targetUrl"] = RunUrl,
        }, "the status a branch policy requires as mlops/adult-income");
        AssertJson(Requests[2].Body, new JsonObject
        {
            ["comments"] = new JsonArray(new JsonObject
            {
                ["parentCommentId"] = 0,
                ["content"] = "<!-- mlops-report:adult-income -->\n" + report.Markdown,
                ["commentType"] = 1,
            }),
            ["status"] = 1,
        }, "a new thread, active (1) while the gate fails");
        Assert.That(lines, Is.EqualTo(new[] { "PR status mlops/adult-income: failed", "PR thread 101 created (active)" }));
    }

    [Test]
    public async Task Re_runs_edit_the_same_thread_resolve_it_when_the_gate_passes_and_leave_other_threads_alone()
    {
        _ado.AddThread("active", "Why was capital_gain dropped?");
        _ado.AddThread("closed", "<!-- mlops-report:churn -->\n## mlops gate · churn: ✅ quality gate passed");
        _ado.AddThread("active", "The numbers below look off", "quoting the bot: <!-- mlops-report:adult-income --> ...");
        var before = _ado.Threads.Select(t => t.ToJsonString()).ToList();

        await Reporter().PublishAsync(Report(passed: false));
        await Reporter().PublishAsync(Report(passed: false));
        await Reporter().PublishAsync(Report(passed: true));

        var ours = _ado.Threads.Where(t => t["comments"]![0]!["content"]!.GetValue<string>().StartsWith("<!-- mlops-report:adult-income -->")).ToList();
        Assert.That(ours, Has.Count.EqualTo(1), "one thread after three runs; a reply quoting the marker is not ours");
        var id = ours[0]["id"]!.GetValue<int>();
        Assert.That(ours[0]["status"]!.GetValue<string>(), Is.EqualTo("fixed"), "resolved once the gate passes");
        Assert.That(ours[0]["comments"]![0]!["content"]!.GetValue<string>(), Does.Contain("✅ quality gate passed"));
        Assert.That(_ado.Threads.Take(3).Select(t => t.ToJsonString()), Is.EqualTo(before));
        Assert.That(_ado.Writes.Where(r => r.Path.Contains("/threads")).Select(r => r.ToString()), Is.EqualTo(new[]
        {
            $"POST {Pr}/threads?api-version=7.1",
            $"PATCH {Pr}/threads/{id}/comments/1?api-version=7.1",
            $"PATCH {Pr}/threads/{id}/comments/1?api-version=7.1",
            $"PATCH {Pr}/threads/{id}?api-version=7.1",
        }), "the second run's thread is already active: only its text changes");
        AssertJson(_ado.Writes.Last().Body, new JsonObject { ["status"] = 2 }, "the thread's status");
        Assert.That(_ado.Statuses.Select(s => s["state"]!.GetValue<string>()), Is.EqualTo(new[] { "failed", "failed", "succeeded" }));
    }

    [Test]
    public async Task A_build_service_without_contribute_to_pull_requests_is_a_permission_problem()
    {
        _ado.ReadOnly = true;

        var error = (await Assert.ThrowsAsync<PullRequestReportException>(() => Reporter().PublishAsync(Report(passed: false))))!;

        Assert.That(error.PermissionDenied, Is.True);
        Assert.That(error.Message, Does.Contain("status: Azure DevOps answered 403 Forbidden").And.Contain("TF401027: You need the Git 'PullRequestContribute' permission"));
        Assert.That(_ado.Threads, Is.Empty);
        Assert.That(_ado.Statuses, Is.Empty);
    }

    [Test]
    public async Task An_expired_token_answered_with_the_sign_in_page_is_a_permission_problem_not_a_parse_error()
    {
        _ado.TokenExpired = true;

        var error = (await Assert.ThrowsAsync<PullRequestReportException>(() => Reporter().PublishAsync(Report(passed: false))))!;

        Assert.That(error.PermissionDenied, Is.True);
        Assert.That(error.Message, Does.Contain("with its sign-in page (203): the token was not accepted"));
    }

    [Test]
    public async Task A_CI_build_that_is_not_a_PR_sends_nothing()
    {
        Vars.Remove("SYSTEM_PULLREQUEST_PULLREQUESTID");
        Vars["BUILD_REASON"] = "IndividualCI";

        var reporter = Reporter();
        await reporter.PublishAsync(Report(passed: true));

        Assert.That(reporter, Is.InstanceOf<NoPullRequestReporter>());
        Assert.That(((NoPullRequestReporter)reporter).Reason, Is.EqualTo("this run is not for a pull request (Build.Reason is 'IndividualCI')"));
        Assert.That(_ado.Requests, Is.Empty);
    }

    [Test]
    public void A_GitHub_repository_built_by_Azure_Pipelines_is_not_an_Azure_Repos_PR()
    {
        Vars["BUILD_REPOSITORY_PROVIDER"] = "GitHub";
        var reporter = (NoPullRequestReporter)Reporter();
        Assert.That(reporter.Reason, Does.Contain("the repository is on GitHub, not Azure Repos"));
        Assert.That(reporter.IsProblem, Is.False);
    }

    [Test]
    public void A_PR_build_without_the_access_token_says_how_to_map_it()
    {
        Vars.Remove("SYSTEM_ACCESSTOKEN");
        var reporter = (NoPullRequestReporter)Reporter();
        Assert.That(reporter.IsProblem, Is.True);
        Assert.That(reporter.Reason, Does.Contain("SYSTEM_ACCESSTOKEN: $(System.AccessToken)"));
    }

    [Test]
    public void The_access_token_is_masked_with_the_agent()
    {
        PullRequestReporterFactory.Create(Create("azure-pipelines"), Env, Fast);
        Assert.That(Out.ToString(), Does.Contain($"##vso[task.setsecret]{FakeAzureDevOps.Token}"));
    }

    [Test]
    public async Task Throttling_is_retried()
    {
        _ado.FailNext("POST", 429, new JsonObject { ["message"] = "TF400733: The request has been throttled" }, times: 1);
        await Reporter().PublishAsync(Report(passed: true));
        Assert.That(_ado.Requests.Count(r => r.ToString() == $"POST {Pr}/statuses?api-version=7.1"), Is.EqualTo(2));
        Assert.That(_ado.Statuses, Has.Count.EqualTo(1));
        Assert.That(_ado.Threads, Has.Count.EqualTo(1));
    }
}
