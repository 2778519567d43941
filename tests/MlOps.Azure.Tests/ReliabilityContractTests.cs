using MlOps.Azure.AzureMl;
using MlOps.Azure.Tests.Fake;
using MlOps.Core.Errors;

namespace MlOps.Azure.Tests;

/// <summary>Retries: 429 waits for Retry-After, 5xx backs off and retries, persistent failures become exit 3.</summary>
public sealed class ReliabilityContractTests
{
    private FakeAzureMl _fake = null!;

    [SetUp]
    public async Task StartAsync() => _fake = await FakeAzureMl.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _fake.DisposeAsync();

    private DatastoresClient Datastores() => new(_fake.WorkspaceScope, new StaticTokenCredential(), _fake.Options());

    [Test]
    public async Task A_429_is_retried_only_after_the_Retry_After_the_service_asked_for()
    {
        _fake.FailNext("GET /subscriptions", 429, times: 1, retryAfter: "1");

        var store = await Datastores().GetDefaultAsync();

        Assert.That(store.Name, Is.EqualTo("workspaceblobstore"));
        var calls = _fake.Requests.Where(r => r.Path.EndsWith("/datastores")).ToList();
        Assert.That(calls.Select(c => c.Status), Is.EqualTo(new[] { 429, 200 }));
        Assert.That((calls[1].At - calls[0].At).TotalSeconds, Is.GreaterThanOrEqualTo(0.9),
            "the retry came after Retry-After (1 s), not after the 10 ms test backoff");
    }

    [Test]
    public async Task A_5xx_is_retried_with_backoff()
    {
        _fake.FailNext("POST /subscriptions", 503, times: 2);

        var secrets = await Datastores().ListSecretsAsync("workspaceblobstore");

        Assert.That(secrets.AccountKey, Is.EqualTo(FakeAzureMl.StorageKey));
        Assert.That(_fake.Requests.Where(r => r.Path.EndsWith("/listSecrets")).Select(r => r.Status), Is.EqualTo(new[] { 503, 503, 200 }));
    }

    [Test]
    public async Task A_service_that_keeps_failing_is_an_external_failure_exit_3()
    {
        _fake.FailNext("GET /subscriptions", 500, times: 10);

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() =>
            AzureErrorMapper.GuardAsync("listing datastores", () => Datastores().ListAsync()));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
        Assert.That(error.Message, Does.Contain("after retries").And.Contain("500"));
        Assert.That(_fake.Requests.Count(r => r.Path.EndsWith("/datastores")), Is.EqualTo(4), "1 try + MaxRetries 3");
    }

    [Test]
    public async Task A_401_says_check_your_service_connection_and_is_not_retried()
    {
        _fake.RejectAllTokens = true;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            AzureErrorMapper.GuardAsync("listing datastores", () => Datastores().ListAsync()));

        Assert.That(error!.Message, Does.StartWith("401 from Azure ML while listing datastores").And.Contain("check your service connection / credentials"));
        Assert.That(_fake.Requests.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task The_fake_refuses_a_body_property_the_recorded_example_does_not_have()
    {
        var arm = new ArmPipeline(new StaticTokenCredential(), _fake.Options());
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{"properties":{"description":"d","colour":"red"}}""");

        var error = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() =>
            arm.SendJsonAsync(global::Azure.Core.RequestMethod.Put, $"{_fake.WorkspaceScope.ResourcePath}/models/m", body));

        Assert.That(error!.Status, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("properties.colour"));
    }
}
