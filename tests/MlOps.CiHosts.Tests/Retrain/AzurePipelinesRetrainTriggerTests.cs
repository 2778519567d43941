using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.CiHosts.Retrain;
using MlOps.Core.Errors;

namespace MlOps.CiHosts.Tests.Retrain;

public class AzurePipelinesRetrainTriggerTests
{
    private static readonly RetrainClientOptions Fast = new() { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(5) };
    private static readonly RetrainRequest Request = new("churn", "PSI of 'tenure' 0.31 > 0.2", new Dictionary<string, string> { ["window"] = "7d" });

    private FakeAzureDevOps _ado = null!;

    [SetUp]
    public async Task Start() => _ado = await FakeAzureDevOps.StartNewAsync();

    [TearDown]
    public async Task Stop() => await _ado.DisposeAsync();

    private AzurePipelinesRetrainTrigger Trigger(int pipelineId = FakeAzureDevOps.PipelineId, AzureDevOpsToken? token = null) =>
        new(_ado.OrganizationUrl, FakeAzureDevOps.Project, pipelineId, "main", token ?? new AzureDevOpsToken(FakeAzureDevOps.JobToken, false), Fast);

    [Test]
    public async Task Runs_the_pipeline_on_main_with_model_reason_and_extra_parameters_and_returns_the_run_and_its_link()
    {
        using var trigger = Trigger();
        var run = await trigger.TriggerAsync(Request);

        var sent = _ado.Requests.Single();
        Assert.That(sent.Method, Is.EqualTo("POST"));
        Assert.That(sent.Path, Is.EqualTo("/fabrikam/Fabrikam%20Fiber/_apis/pipelines/12/runs"));
        Assert.That(sent.Query, Is.EqualTo("?api-version=7.1"));
        Assert.That(sent.Authorization, Is.EqualTo("Bearer " + FakeAzureDevOps.JobToken));
        Assert.That(sent.ContentType, Does.StartWith("application/json"));
        var expected = JsonNode.Parse("""
            { "resources": { "repositories": { "self": { "refName": "refs/heads/main" } } },
              "templateParameters": { "window": "7d", "model": "churn", "reason": "PSI of 'tenure' 0.31 > 0.2" } }
            """);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(sent.Body), expected), Is.True, sent.Body);
        Assert.That(run.Id, Is.EqualTo("1234"));
        Assert.That(run.Url, Is.EqualTo($"{_ado.OrganizationUrl}a5c68379-3e8f-4a3c-9f05-d87f2f6e9c1b/_build/results?buildId=1234"));
        Assert.That(trigger.Description, Is.EqualTo($"Azure Pipelines pipeline 12 in {_ado.OrganizationUrl}Fabrikam Fiber (refs/heads/main)"));
    }

    [Test]
    public async Task A_personal_access_token_is_sent_as_basic_with_an_empty_user_name()
    {
        using var trigger = Trigger(token: new AzureDevOpsToken(FakeAzureDevOps.Pat, true));
        await trigger.TriggerAsync(Request);
        Assert.That(_ado.Requests.Single().Authorization,
            Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + FakeAzureDevOps.Pat))));
    }

    [Test]
    public async Task A_rejected_token_is_bad_input_saying_what_the_token_needs_without_printing_it()
    {
        using var trigger = Trigger(token: new AzureDevOpsToken("expired-pat-value", true));
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.ExitCode, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("(401)").And.Contain("the token needs the Build (Read & execute) scope (vso.build_execute)"));
        Assert.That(e.Message, Does.Not.Contain("expired-pat-value"));
        Assert.That(_ado.Requests, Has.Count.EqualTo(1), "a 401 is not retried");
    }

    [Test]
    public async Task Forbidden_for_the_job_token_explains_the_build_service_permission()
    {
        _ado.FailNext(403, body: JsonNode.Parse(FakeAzureDevOps.Error("TF215106: Access denied.", "AccessDeniedException")));
        using var trigger = Trigger();
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("(403)").And.Contain("SYSTEM_ACCESSTOKEN: $(System.AccessToken)")
            .And.Contain("'Queue builds' on that pipeline").And.Contain("TF215106: Access denied."));
    }

    [Test]
    public async Task An_unknown_pipeline_id_is_named_with_its_project()
    {
        using var trigger = Trigger(pipelineId: 99);
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.Message, Does.StartWith("pipeline id 99 was not found in project 'Fabrikam Fiber'")
            .And.Contain("Pipeline with id 99 not found."));
    }

    [Test]
    public async Task A_parameter_the_pipeline_does_not_declare_is_bad_input_with_the_service_message()
    {
        using var trigger = Trigger();
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(
            Request with { Parameters = new Dictionary<string, string> { ["threshold"] = "0.2" } })))!;
        Assert.That(e.Message, Does.Contain("(400): Unexpected parameter 'threshold'").And.Contain("must declare the parameters model and reason"));
    }

    [Test]
    public async Task Too_many_requests_is_retried_after_the_time_the_service_asks_for()
    {
        _ado.FailNext(429, retryAfter: "1");
        using var trigger = Trigger();
        var clock = Stopwatch.StartNew();
        var run = await trigger.TriggerAsync(Request);
        Assert.That(run.Id, Is.EqualTo("1234"));
        Assert.That(_ado.Requests.Select(r => r.Status), Is.EqualTo(new[] { 429, 200 }));
        // The computed backoff is 10 ms: waiting about a second shows Retry-After was honoured.
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(900)));
    }

    [Test]
    public async Task A_service_that_keeps_failing_is_an_external_failure_after_the_retries()
    {
        _ado.FailNext(500, times: 10, body: JsonNode.Parse(FakeAzureDevOps.Error("TF400898: An Internal Error Occurred.", "InternalError")));
        using var trigger = Trigger();
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.ExitCode, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("(500 Internal Server Error, after retries)").And.Contain("TF400898"));
        Assert.That(_ado.Requests, Has.Count.EqualTo(1 + Fast.MaxRetries));
    }

    [Test]
    public async Task A_service_that_cannot_be_reached_is_an_external_failure()
    {
        var gone = _ado.OrganizationUrl;
        await _ado.DisposeAsync();
        using var trigger = new AzurePipelinesRetrainTrigger(gone, FakeAzureDevOps.Project, 12, "main",
            new AzureDevOpsToken(FakeAzureDevOps.JobToken, false), Fast);
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.Message, Does.StartWith("Azure DevOps could not be reached to start Azure Pipelines pipeline 12"));
    }

    [Test]
    public async Task A_retry_after_longer_than_the_longest_wait_fails_at_once_instead_of_hanging()
    {
        _ado.FailNext(503, times: 5, retryAfter: "3600");
        using var trigger = Trigger();
        var clock = Stopwatch.StartNew();
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("(503 Service Unavailable, after retries)"));
        Assert.That(_ado.Requests, Has.Count.EqualTo(1));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task The_sign_in_page_azure_devops_answers_a_missing_credential_with_is_a_token_problem()
    {
        _ado.FailNext(203, 1, null, "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head></html>");
        using var trigger = Trigger(token: new AzureDevOpsToken("malformed", true));
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => trigger.TriggerAsync(Request)))!;
        Assert.That(e.Message, Does.StartWith("Azure DevOps did not accept the PAT from MLOPS_ADO_PAT while starting Azure Pipelines pipeline 12")
            .And.Contain("(203)").And.Contain("vso.build_execute"));
    }
}
