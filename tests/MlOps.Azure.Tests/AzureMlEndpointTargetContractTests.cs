using System.Text.Json.Nodes;
using MlOps.Azure.Tests.Fake;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Deployment.AzureMlEndpoint;
using MlOps.Deployment.Rollout;

namespace MlOps.Azure.Tests;

/// <summary>
/// The azureml-endpoint target against the in-process fake of Azure ML online endpoints, which answers from
/// shared/fixtures, runs every write as a long-running operation and serves the endpoint's scoring URI.
/// </summary>
public sealed class AzureMlEndpointTargetContractTests
{
    private const string Endpoint = "adult-income-prod";
    private const string Image = "myacr.azurecr.io/adult-income:3";

    private FakeAzureMl _fake = null!;
    private HttpClientHandler _scoring = null!;
    private readonly List<string> _masked = [];

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await FakeAzureMl.StartAsync();
        _scoring = _fake.TrustingHandler();
        _masked.Clear();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _scoring.Dispose();
        await _fake.DisposeAsync();
    }

    private FakeOnlineEndpoints Aml => _fake.OnlineEndpoints;

    private static AzureMlEndpointSettings Settings(TimeSpan? timeout = null, string auth = "Key", string names = "blue-green") => new(
        FakeAzureMl.Subscription, FakeAzureMl.ResourceGroup, FakeAzureMl.Workspace, "westeurope", Endpoint, names, "Standard_DS3_v2", 2, auth,
        new AzureMlProbe(10, 10, 5, 3), new AzureMlProbe(5, 5, 5, 3), new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
        timeout ?? TimeSpan.FromSeconds(20));

    private AzureMlEndpointTarget Target(AzureMlEndpointSettings? settings = null) =>
        new(settings ?? Settings(), new ArmPipeline(new StaticTokenCredential(), _fake.Options()), "client-secret", _masked.Add, _scoring);

    private static DeploymentRequest Request(string model = "adult-income:3") => new("prod", model, "", "", 0) { Image = Image };

    private IReadOnlyList<string> PutOrder => Aml.Puts.Select(p => p.What).ToList();

    private JsonObject LastEndpointPut => Aml.Puts.Last(p => p.What == "PUT endpoint").Body;

    [Test]
    public async Task The_smoke_test_sends_the_deploy_s_sample_row_else_a_row_of_zeros_from_the_model_card()
    {
        const string sample = """[{"age":39,"workclass":"State-gov"}]""";
        await Target().DeployAsync(Request() with { SampleBody = sample });
        Assert.That(Aml.ScoringCalls.Single().Body, Is.EqualTo(sample));

        await Target().DeployAsync(Request("adult-income:4"));
        Assert.That(Aml.ScoringCalls.Last().Body, Is.EqualTo("[{}]"), "no sample and no model card at hand: an empty row");
    }

    [Test]
    public async Task A_first_deploy_creates_the_endpoint_and_a_blue_deployment_smoke_tests_it_through_the_scoring_uri_then_gives_it_all_traffic()
    {
        var state = await Target().DeployAsync(Request());

        Assert.That(state.Url, Is.EqualTo(Aml.ScoringUri(Endpoint)));
        Assert.That((state.Target, state.ModelReference, state.Image), Is.EqualTo(("azureml-endpoint", "adult-income:3", Image)));
        Assert.That(state.ResourceId, Does.EndWith($"/workspaces/{FakeAzureMl.Workspace}/onlineEndpoints/{Endpoint}/deployments/blue"));
        Assert.That(PutOrder, Is.EqualTo(new[] { "PUT endpoint", "PUT endpoint/deployments/blue", "PUT endpoint" }));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
        Assert.That(Aml.ScoringCalls.Select(c => (c.Header, c.Answered)), Is.EqualTo(new[] { ((string?)"blue", "blue") }), "one smoke request, routed by header");
        Assert.That(_masked, Is.EqualTo(new[] { FakeOnlineEndpoints.PrimaryKey }), "the endpoint key is masked as soon as it is read");
        Assert.That(_fake.Requests.Count(r => r.Path.StartsWith("/fake-aml/operations/")), Is.GreaterThanOrEqualTo(6), "each write followed over its polls");
    }

    [Test]
    public async Task The_deployment_runs_the_image_as_a_custom_container_with_the_servers_routes_and_exactly_the_body_the_example_describes()
    {
        await Target().DeployAsync(Request());

        var environment = _fake.Arm.Stored("/environments/adult-income-prod-image/versions/" + EnvironmentVersion())!;
        Assert.That(environment["properties"]!["image"]!.GetValue<string>(), Is.EqualTo(Image));
        Assert.That(environment["properties"]!["inferenceConfig"]!.ToJsonString(), Is.EqualTo(
            """{"livenessRoute":{"path":"/health/live","port":8080},"readinessRoute":{"path":"/health/ready","port":8080},"scoringRoute":{"path":"/score","port":8080}}"""));
        var expected = JsonNode.Parse($$$$"""
            {"location":"westeurope","tags":{"mlops-environment":"prod","mlops-model":"adult-income:3","mlops-image":"{{{{Image}}}}"},
             "sku":{"name":"Default","capacity":2},
             "properties":{"description":"adult-income:3, deployed by mlops","endpointComputeType":"Managed",
               "environmentId":"set below","instanceType":"Standard_DS3_v2",
               "environmentVariables":{"LOG_LEVEL":"info"},
               "livenessProbe":{"initialDelay":"PT10S","period":"PT10S","timeout":"PT5S","failureThreshold":3,"successThreshold":1},
               "readinessProbe":{"initialDelay":"PT5S","period":"PT5S","timeout":"PT5S","failureThreshold":3,"successThreshold":1}}}
            """);
        var put = Aml.Puts.Single(p => p.What.EndsWith("/blue")).Body;
        Assert.That(put["properties"]!["environmentId"]!.GetValue<string>(), Does.Contain("/environments/adult-income-prod-image/versions/"));
        expected!["properties"]!["environmentId"] = put["properties"]!["environmentId"]!.GetValue<string>();
        Assert.That(JsonNode.DeepEquals(put, expected), Is.True, put.ToJsonString());
    }

    [Test]
    public async Task A_second_deploy_goes_blue_to_green_switches_all_traffic_and_deletes_blue_and_a_third_goes_back_to_blue()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));

        var second = await target.DeployAsync(Request("adult-income:4"));

        Assert.That(second.ModelReference, Is.EqualTo("adult-income:4"));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["green"] = 100 }));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "green" }), "the old deployment is deleted after the switch");
        Assert.That(Aml.ScoringCalls.Last().Header, Is.EqualTo("green"));
        Assert.That(LastEndpointPut["tags"]!["mlops-live"]!.GetValue<string>(), Is.EqualTo("green"));

        await target.DeployAsync(Request("adult-income:5"));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "blue" }));
        Assert.That((await target.StatusAsync("prod"))!.State.ModelReference, Is.EqualTo("adult-income:5"));
    }

    [Test]
    public async Task Model_version_names_call_the_deployment_after_the_version()
    {
        var target = Target(Settings(names: "model-version"));
        await target.DeployAsync(Request("adult-income:3"));
        await target.DeployAsync(Request("adult-income:4"));

        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "version-4" }));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["version-4"] = 100 }));
    }

    [Test]
    public async Task Failed_provisioning_exits_3_with_the_containers_log_the_old_deployment_keeps_all_traffic_and_the_message_says_so()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));
        Aml.FailProvisioning.Add("green");
        Aml.Logs["green"] = "loading model /var/model\nTraceback (most recent call last):\nOSError: model.onnx not found";
        var putsBefore = Aml.Puts.Count(p => p.What == "PUT endpoint");

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => target.DeployAsync(Request("adult-income:4")));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
        Assert.That(error.Message, Does.StartWith($"Azure ML could not provision deployment 'green' of endpoint '{Endpoint}'")
            .And.Contain("ResourceNotReady").And.Contain("User container has crashed or terminated"));
        Assert.That(error.Message, Does.Contain("log of deployment green (last 50 lines):\n  loading model /var/model\n  Traceback (most recent call last):\n  OSError: model.onnx not found"));
        Assert.That(error.Message, Does.Contain($"The live deployment 'blue' keeps 100% of the traffic of endpoint '{Endpoint}'; nothing was switched.")
            .And.EndWith("The failed deployment 'green' was deleted."));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "blue" }));
        Assert.That(Aml.Puts.Count(p => p.What == "PUT endpoint"), Is.EqualTo(putsBefore), "traffic was never touched");
        Assert.That(Aml.ScoringCalls.Select(c => c.Header), Is.EqualTo(new[] { "blue" }), "no smoke test of a deployment that failed");
        Assert.That((await target.StatusAsync("prod"))!.State.ModelReference, Is.EqualTo("adult-income:3"));
    }

    [Test]
    public async Task A_deployment_that_fails_its_smoke_test_is_removed_and_the_live_one_keeps_serving()
    {
        var target = Target(Settings(timeout: TimeSpan.FromSeconds(2)));
        await target.DeployAsync(Request("adult-income:3"));
        Aml.ScoringStatus["green"] = 500;

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => target.DeployAsync(Request("adult-income:4")));

        Assert.That(error!.Message, Does.StartWith($"the smoke test of deployment 'green' through {Aml.ScoringUri(Endpoint)} (header azureml-model-deployment: green) did not answer 2xx within 2 s")
            .And.Contain("last answer: 500"));
        Assert.That(error.Message, Does.Contain("The live deployment 'blue' keeps 100% of the traffic"));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "blue" }));
        Assert.That(error.Message, Does.Not.Contain(FakeOnlineEndpoints.PrimaryKey));
    }

    [Test]
    public async Task A_deployment_still_provisioning_at_the_timeout_names_the_setting_and_is_removed()
    {
        var target = Target(Settings(timeout: TimeSpan.FromMilliseconds(400)));
        Aml.DeploymentPolls = 10_000;

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => target.DeployAsync(Request()));

        Assert.That(error!.Message, Does.StartWith($"deployment 'blue' of endpoint '{Endpoint}' was not provisioned within 0.4 s (deploy.prod.timeout-minutes)"));
        Assert.That(error.Message, Does.Contain($"Endpoint '{Endpoint}' had no live deployment, so nothing served traffic before and nothing does now."));
        Assert.That(Aml.Deployments(Endpoint), Is.Empty);
    }

    [Test]
    public async Task A_401_names_the_credential_and_exits_2()
    {
        _fake.RejectAllTokens = true;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request()));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Message, Does.StartWith($"401 from Azure ML while reading online endpoint '{Endpoint}': the token of the Azure credential 'client-secret' was rejected")
            .And.Contain("check your service connection / credentials"));
        Assert.That(_fake.Requests.Count(), Is.EqualTo(1), "a rejected token is not retried");
    }

    [Test]
    public async Task A_403_names_the_identity_the_role_and_the_workspace()
    {
        _fake.FailNext("/deployments/blue?", 403, code: "AuthorizationFailed");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request()));

        Assert.That(error!.Message, Does.StartWith($"403 from Azure ML while creating deployment 'blue' of endpoint '{Endpoint}': the identity of the Azure credential " +
                                                   $"'client-secret' may not manage online endpoints in workspace '{FakeAzureMl.Workspace}' (resource group '{FakeAzureMl.ResourceGroup}'")
            .And.Contain("AzureML Data Scientist role"));
    }

    [Test]
    public async Task A_quota_error_says_what_to_lower_and_the_live_deployment_keeps_all_traffic()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));
        _fake.FailNext("/deployments/green?", 400, code: "QuotaExceeded");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => target.DeployAsync(Request("adult-income:4")));

        Assert.That(error!.Message, Does.StartWith($"Azure ML quota reached for instance type Standard_DS3_v2 in westeurope while creating deployment 'green'")
            .And.Contain("QuotaExceeded")
            .And.Contain("Lower deploy.prod.instance-count (now 2;")
            .And.Contain("request a quota increase")
            .And.EndWith($"The live deployment 'blue' keeps 100% of the traffic of endpoint '{Endpoint}'; nothing was switched."));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
    }

    [Test]
    public async Task A_candidate_starts_at_0_percent_then_takes_10_percent_of_live_traffic_or_a_20_percent_mirror_with_exactly_these_put_bodies()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));

        var candidate = await target.StartCandidateAsync(Request("adult-income:4"));
        Assert.That(candidate.ResourceId, Does.EndWith("/deployments/green"));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }), "a candidate starts with no traffic");

        await target.SetTrafficAsync("prod", new TrafficSplit(10));
        Assert.That(LastEndpointPut.ToJsonString(), Is.EqualTo(
            """{"location":"westeurope","tags":{"mlops-environment":"prod","mlops-live":"blue"},"properties":{"description":"prod endpoint, deployed by mlops","authMode":"Key","traffic":{"blue":90,"green":10},"mirrorTraffic":{}}}"""));

        await target.SetTrafficAsync("prod", new TrafficSplit(0, MirrorPercent: 20));
        Assert.That(LastEndpointPut.ToJsonString(), Is.EqualTo(
            """{"location":"westeurope","tags":{"mlops-environment":"prod","mlops-live":"blue"},"properties":{"description":"prod endpoint, deployed by mlops","authMode":"Key","traffic":{"blue":100,"green":0},"mirrorTraffic":{"green":20}}}"""));

        var puts = Aml.Puts.Count;
        var both = await Assert.ThrowsAsync<InvalidInputException>(() => target.SetTrafficAsync("prod", new TrafficSplit(10, 20)));
        Assert.That(both!.Message, Does.StartWith("Azure ML cannot send live and mirrored traffic to the same deployment"));
        Assert.That(Aml.Puts.Count, Is.EqualTo(puts), "nothing sent for a split Azure ML refuses");
        Assert.That((await target.StatusAsync("prod"))!.Detail, Does.Contain("traffic blue 100%, green 0%; mirrored green 20%"));
    }

    [Test]
    public async Task Variants_are_reachable_through_the_scoring_uri_with_the_deployment_header_and_the_key()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));
        await target.StartCandidateAsync(Request("adult-income:4"));

        var variants = await target.VariantsAsync("prod");

        Assert.That(variants.Select(v => (v.Role, v.ModelReference)), Is.EqualTo(new[] { ("live", "adult-income:3"), ("candidate", "adult-income:4") }));
        using var http = new HttpClient(_fake.TrustingHandler());
        foreach (var variant in variants)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(variant.BaseUrl, "score")) { Content = new StringContent("[{}]") };
            foreach (var (name, value) in variant.Headers) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Headers.GetValues("azureml-model-deployment").Single(), Is.EqualTo(variant.Headers["azureml-model-deployment"]));
        }
        Assert.That(variants[1].Headers["azureml-model-deployment"], Is.EqualTo("green"));
    }

    [Test]
    public async Task Rollback_moves_all_traffic_back_and_deletes_the_candidate_and_promote_deletes_the_old_one()
    {
        var target = Target();
        await target.DeployAsync(Request("adult-income:3"));
        await target.StartCandidateAsync(Request("adult-income:4"));
        await target.SetTrafficAsync("prod", new TrafficSplit(10));

        var removed = await target.RollbackCandidateAsync("prod");

        Assert.That(removed!.ModelReference, Is.EqualTo("adult-income:4"));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "blue" }));
        Assert.That(await target.RollbackCandidateAsync("prod"), Is.Null, "no candidate left");

        await target.StartCandidateAsync(Request("adult-income:5"));
        await target.SetTrafficAsync("prod", new TrafficSplit(50));
        var promoted = await target.PromoteCandidateAsync("prod");

        Assert.That(promoted.ModelReference, Is.EqualTo("adult-income:5"));
        Assert.That(Aml.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["green"] = 100 }));
        Assert.That(Aml.Deployments(Endpoint), Is.EqualTo(new[] { "green" }));
    }

    [Test]
    public async Task Status_logs_and_stop_report_what_runs_and_stop_deletes_the_endpoint()
    {
        var target = Target();
        await target.DeployAsync(Request());
        Aml.Logs["blue"] = "listening on 8080";

        var status = await target.StatusAsync("prod");
        Assert.That(status!.Ready, Is.True);
        Assert.That(status.Detail, Is.EqualTo("endpoint Succeeded; traffic blue 100%; deployments: blue Succeeded (adult-income:3)"));
        Assert.That(await target.LogsAsync("prod"), Is.EqualTo("listening on 8080"));

        var stopped = await target.StopAsync("prod");

        Assert.That((stopped!.ModelReference, stopped.Url), Is.EqualTo(("adult-income:3", Aml.ScoringUri(Endpoint))));
        Assert.That(Aml.Exists(Endpoint), Is.False);
        Assert.That(await target.StatusAsync("prod"), Is.Null);
        Assert.That(await target.StopAsync("prod"), Is.Null, "a second stop finds nothing");
    }

    [Test]
    public async Task Aml_token_endpoints_are_smoke_tested_with_a_scoring_token_which_is_masked()
    {
        await Target(Settings(auth: "AMLToken")).DeployAsync(Request());

        Assert.That(Aml.Puts[0].Body["properties"]!["authMode"]!.GetValue<string>(), Is.EqualTo("AMLToken"));
        Assert.That(_masked, Is.EqualTo(new[] { FakeOnlineEndpoints.ScoringToken }));
        Assert.That(Aml.ScoringCalls.Single().Answered, Is.EqualTo("blue"));
    }

    [Test]
    public async Task A_deploy_without_an_image_says_how_to_give_one_before_calling_Azure()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request() with { Image = null }));

        Assert.That(error!.Message, Does.Contain("--image REGISTRY/NAME:TAG or --package DIR"));
        Assert.That(_fake.Requests, Is.Empty);
    }

    private static string EnvironmentVersion() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Image)))[..12];
}
