using System.Diagnostics;
using System.Text.Json.Nodes;
using MlOps.CiHosts.Retrain;
using MlOps.Core.Errors;

namespace MlOps.CiHosts.Tests.Retrain;

public class GitHubRetrainTriggerTests
{
    private static readonly RetrainClientOptions Fast = new() { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(5) };
    private static readonly RetrainRequest Request = new("churn", "PSI of 'tenure' 0.31 > 0.2", new Dictionary<string, string> { ["window"] = "7d" });

    private FakeGitHub _github = null!;

    [SetUp]
    public async Task Start() => _github = await FakeGitHub.StartNewAsync();

    [TearDown]
    public async Task Stop() => await _github.DisposeAsync();

    private GitHubRetrainTrigger Workflow(string workflow = FakeGitHub.Workflow, string token = FakeGitHub.Token) =>
        new(FakeGitHub.Repository, workflow, "main", null, token, _github.BaseUri, new Uri("https://github.example.com/"), Fast);

    private GitHubRetrainTrigger Dispatch(string repository = FakeGitHub.Repository, string token = FakeGitHub.Token) =>
        new(repository, null, null, "retrain", token, _github.BaseUri, null, Fast);

    private static bool SameJson(string actual, string expected) => JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected));

    [Test]
    public async Task Workflow_dispatch_posts_the_ref_and_the_inputs_and_links_to_the_workflow_runs()
    {
        using var trigger = Workflow();
        var run = await trigger.TriggerAsync(Request);

        var sent = _github.Requests.Single();
        Assert.That(sent.Method, Is.EqualTo("POST"));
        Assert.That(sent.Path, Is.EqualTo("/repos/contoso/churn-model/actions/workflows/nightly-retrain.yml/dispatches"));
        Assert.That(sent.Authorization, Is.EqualTo("Token " + FakeGitHub.Token));
        Assert.That(sent.Status, Is.EqualTo(204));
        Assert.That(SameJson(sent.Body, """{ "ref": "main", "inputs": { "window": "7d", "model": "churn", "reason": "PSI of 'tenure' 0.31 > 0.2" } }"""),
            Is.True, sent.Body);
        Assert.That(run, Is.EqualTo(new RetrainRun("GitHub workflow_dispatch of nightly-retrain.yml on main in contoso/churn-model",
            "https://github.example.com/contoso/churn-model/actions/workflows/nightly-retrain.yml")));
    }

    [Test]
    public async Task Repository_dispatch_posts_the_event_type_and_the_values_as_client_payload()
    {
        using var trigger = Dispatch();
        var run = await trigger.TriggerAsync(Request);

        var sent = _github.Requests.Single();
        Assert.That(sent.Path, Is.EqualTo("/repos/contoso/churn-model/dispatches"));
        Assert.That(sent.Status, Is.EqualTo(204));
        Assert.That(SameJson(sent.Body,
            """{ "event_type": "retrain", "client_payload": { "window": "7d", "model": "churn", "reason": "PSI of 'tenure' 0.31 > 0.2" } }"""),
            Is.True, sent.Body);
        Assert.That(run.Url, Is.EqualTo("https://github.com/contoso/churn-model/actions"));
    }

    [Test]
    public async Task Bad_credentials_are_bad_input_naming_the_token_variables_and_the_permission()
    {
        using var trigger = Workflow(token: "ghp_revoked");
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.ExitCode, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("(401)").And.Contain("GITHUB_TOKEN or MLOPS_GITHUB_TOKEN").And.Contain("the token needs actions: write"));
        Assert.That(e.Message, Does.Not.Contain("ghp_revoked"));
        Assert.That(_github.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Forbidden_says_which_permission_each_kind_of_dispatch_needs()
    {
        _github.FailNext(403, times: 2, body: JsonNode.Parse(FakeGitHub.Message("Resource not accessible by integration")));
        using var workflow = Workflow();
        using var dispatch = Dispatch();
        Assert.That((await Assert.ThrowsAsync<InvalidInputException>(() => workflow.TriggerAsync(Request)))!.Message,
            Does.Contain("(403)").And.Contain("the token needs actions: write on contoso/churn-model").And.Contain("Resource not accessible by integration"));
        Assert.That((await Assert.ThrowsAsync<InvalidInputException>(() => dispatch.TriggerAsync(Request)))!.Message,
            Does.Contain("the token needs contents: write on contoso/churn-model"));
    }

    [Test]
    public async Task An_unknown_workflow_or_repository_is_named()
    {
        using var workflow = Workflow(workflow: "nightly.yml");
        using var dispatch = Dispatch(repository: "contoso/no-such-repo");
        Assert.That((await Assert.ThrowsAsync<InvalidInputException>(() => workflow.TriggerAsync(Request)))!.Message,
            Does.StartWith("workflow 'nightly.yml' was not found in repository contoso/churn-model (404"));
        Assert.That((await Assert.ThrowsAsync<InvalidInputException>(() => dispatch.TriggerAsync(Request)))!.Message,
            Does.StartWith("repository contoso/no-such-repo was not found (404"));
    }

    [Test]
    public async Task An_input_the_workflow_does_not_declare_is_bad_input_with_githubs_message()
    {
        using var trigger = Workflow();
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(
            Request with { Parameters = new Dictionary<string, string> { ["threshold"] = "0.2" } })))!;
        Assert.That(e.Message, Does.Contain("(422)").And.Contain("Unexpected inputs provided").And.Contain("threshold")
            .And.Contain("on: workflow_dispatch trigger declaring the inputs model and reason"));
    }

    [Test]
    public async Task Too_many_requests_is_retried_after_the_time_github_asks_for()
    {
        _github.FailNext(429, retryAfter: "1", body: JsonNode.Parse(FakeGitHub.Message("You have exceeded a secondary rate limit.")));
        using var trigger = Workflow();
        var clock = Stopwatch.StartNew();
        await trigger.TriggerAsync(Request);
        Assert.That(_github.Requests.Select(r => r.Status), Is.EqualTo(new[] { 429, 204 }));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(900)));
    }

    [Test]
    public async Task A_service_that_keeps_failing_is_an_external_failure_after_the_retries()
    {
        _github.FailNext(502, times: 10, body: JsonNode.Parse(FakeGitHub.Message("Server Error")));
        using var trigger = Dispatch();
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.ExitCode, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("(502, after retries)"));
        Assert.That(_github.Requests, Has.Count.EqualTo(1 + Fast.MaxRetries));
    }

    [Test]
    public async Task A_rate_limit_403_is_waited_out_not_reported_as_a_missing_permission()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _github.FailNext(403, body: JsonNode.Parse(FakeGitHub.Message("API rate limit exceeded for installation ID 42.")),
            headers: new Dictionary<string, string> { ["x-ratelimit-limit"] = "5000", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });
        using var trigger = Workflow();
        await trigger.TriggerAsync(Request);
        Assert.That(_github.Requests.Select(r => r.Status), Is.EqualTo(new[] { 403, 204 }));
    }
}
