using System.Text.Json.Nodes;
using MlOps.Azure.Tests.Fake;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Deployment.Aci;

namespace MlOps.Azure.Tests;

/// <summary>The aci target against the in-process fake of Microsoft.ContainerInstance that answers from shared/fixtures.</summary>
public sealed class AciTargetContractTests
{
    private const string Image = "myacr.azurecr.io/adult-income:3";
    private const string Fqdn = "adult-income-test.westeurope.azurecontainer.io";
    private const string RegistryPassword = "acr-password-s3cret";
    private const string ApiKey = "api-key-s3cret";
    private static readonly AciSecrets Secrets = new("acr-user", RegistryPassword, new Dictionary<string, string> { ["MLOPS_API_KEY"] = ApiKey });

    private FakeAzureMl _fake = null!;
    private SmokeRedirect _smoke = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await FakeAzureMl.StartAsync();
        _smoke = new SmokeRedirect(_fake);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _smoke.Dispose();
        await _fake.DisposeAsync();
    }

    private static AciSettings Settings(TimeSpan? timeout = null, AciRegistryCredential? registry = null) => new(
        FakeAzureMl.Subscription, "ml-test", "westeurope", "adult-income-test", "adult-income-test", 1, 1.5,
        registry ?? new AciRegistryCredential("myacr.azurecr.io", "ACR_USERNAME", "ACR_PASSWORD", null),
        new Dictionary<string, string> { ["LOG_LEVEL"] = "info" }, new Dictionary<string, string> { ["MLOPS_API_KEY"] = "SCORING_KEY" },
        timeout ?? TimeSpan.FromSeconds(20));

    private AciTarget Target(AciSettings? settings = null) =>
        new(settings ?? Settings(), new ArmPipeline(new StaticTokenCredential(), AciTarget.Options(_fake.Options())), () => Secrets, "client-secret", _smoke);

    private static DeploymentRequest Request => new("test", "adult-income:3", "", "", 0) { Image = Image };

    private IEnumerable<FakeRequest> Aci => _fake.Requests.Where(r => r.Path.Contains("Microsoft.ContainerInstance"));

    [Test]
    public async Task Deploy_puts_the_group_waits_until_it_runs_smoke_tests_the_fqdn_and_returns_its_url()
    {
        var state = await Target().DeployAsync(Request);

        Assert.That(state.Url, Is.EqualTo($"http://{Fqdn}:8080"));
        Assert.That(state.Target, Is.EqualTo("aci"));
        Assert.That(state.Image, Is.EqualTo(Image));
        Assert.That(state.ResourceId, Does.EndWith("/resourceGroups/ml-test/providers/Microsoft.ContainerInstance/containerGroups/adult-income-test"));
        Assert.That(Aci.Where(r => r.Method == "GET").Select(r => r.Status), Is.EqualTo(new[] { 200, 200, 200 }),
            "one read per state of the script: Pending, Creating, Succeeded");
        Assert.That(Aci.All(r => r.Query.Contains("api-version=2025-09-01")), Is.True);
        Assert.That(_smoke.Asked.Select(u => u.ToString()), Is.EqualTo(new[] { $"http://{Fqdn}:8080/health/ready" }));
    }

    [Test]
    public async Task The_put_body_is_exactly_the_container_group_the_recorded_example_describes()
    {
        await Target().DeployAsync(Request);

        var expected = JsonNode.Parse($$$$"""
            {"location":"westeurope","tags":{"mlops-environment":"test","mlops-model":"adult-income:3"},
             "properties":{
               "containers":[{"name":"adult-income-test","properties":{
                 "image":"{{{{Image}}}}","ports":[{"port":8080}],
                 "environmentVariables":[{"name":"LOG_LEVEL","value":"info"},{"name":"MLOPS_API_KEY","secureValue":"{{{{ApiKey}}}}"}],
                 "resources":{"requests":{"cpu":1,"memoryInGB":1.5}},
                 "livenessProbe":{"httpGet":{"path":"/health/live","port":8080,"scheme":"http"},"initialDelaySeconds":10,"periodSeconds":10,"failureThreshold":3,"timeoutSeconds":5},
                 "readinessProbe":{"httpGet":{"path":"/health/ready","port":8080,"scheme":"http"},"initialDelaySeconds":5,"periodSeconds":5,"failureThreshold":3,"timeoutSeconds":5}}}],
               "imageRegistryCredentials":[{"server":"myacr.azurecr.io","username":"acr-user","password":"{{{{RegistryPassword}}}}"}],
               "ipAddress":{"type":"Public","ports":[{"protocol":"TCP","port":8080}],"dnsNameLabel":"adult-income-test"},
               "osType":"Linux"}}
            """);
        Assert.That(_fake.ContainerInstances.Puts, Has.Count.EqualTo(1));
        Assert.That(JsonNode.DeepEquals(_fake.ContainerInstances.Puts[0], expected), Is.True, _fake.ContainerInstances.Puts[0].ToJsonString());
    }

    [Test]
    public async Task A_managed_identity_pulls_the_image_instead_of_a_password()
    {
        const string identity = "/subscriptions/s/resourceGroups/ml-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-pull";
        await Target(Settings(registry: new AciRegistryCredential("myacr.azurecr.io", null, null, identity))).DeployAsync(Request);

        var put = _fake.ContainerInstances.Puts.Single();
        Assert.That(put["identity"]!.ToJsonString(), Is.EqualTo($$$$"""{"type":"UserAssigned","userAssignedIdentities":{"{{{{identity}}}}":{}}}"""));
        Assert.That(put["properties"]!["imageRegistryCredentials"]!.ToJsonString(), Is.EqualTo($$"""[{"server":"myacr.azurecr.io","identity":"{{identity}}"}]"""));
    }

    [Test]
    public async Task The_fake_refuses_a_container_property_the_recorded_example_does_not_have()
    {
        var arm = new ArmPipeline(new StaticTokenCredential(), AciTarget.Options(_fake.Options()));
        var body = JsonNode.Parse("""{"location":"westeurope","properties":{"containers":[{"name":"c","properties":{"image":"i","colour":"red"}}]}}""");

        var error = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() =>
            arm.SendJsonAsync(global::Azure.Core.RequestMethod.Put, Target().ResourceId, body));

        Assert.That(error!.Status, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("properties.containers.properties.colour"));
    }

    [Test]
    public async Task Failed_provisioning_shows_the_events_and_the_log_exits_3_and_says_what_is_left_and_how_to_delete_it()
    {
        _fake.ContainerInstances.ProvisioningScript = ["Pending", "Failed"];

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => Target().DeployAsync(Request));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
        Assert.That(error.Message, Does.StartWith("Azure Container Instances could not start container group 'adult-income-test' (provisioningState Failed, state Pending)"));
        Assert.That(error.Message, Does.Contain("FailedMount: Output: mount error(2): Permission denied"), "the group's events (Failed example)");
        Assert.That(error.Message, Does.Contain("container adult-income-test: Waiting").And.Contain("Pulled: Successfully pulled image"), "the container's state and events");
        Assert.That(error.Message, Does.Contain("log of container adult-income-test (last 50 lines):\n  log content"), "the ListLogs example's content");
        Assert.That(error.Message, Does.Contain("Left in Azure: container group 'adult-income-test' in resource group 'ml-test'")
            .And.Contain("Delete it with: mlops deploy --env test --stop"));
        Assert.That(error.Message, Does.Not.Contain(RegistryPassword).And.Not.Contain(ApiKey));
        Assert.That(Aci.Single(r => r.Path.EndsWith("/containers/adult-income-test/logs")).Query, Does.Contain("tail=50"));
        Assert.That(_smoke.Asked, Is.Empty, "no smoke test of a group that failed");
    }

    [Test]
    public async Task A_group_still_pending_at_the_timeout_exits_3_naming_the_setting_and_what_is_left()
    {
        _fake.ContainerInstances.ProvisioningScript = ["Pending"];

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => Target(Settings(timeout: TimeSpan.FromMilliseconds(300))).DeployAsync(Request));

        Assert.That(error!.Message, Does.StartWith("container group 'adult-income-test' was not running within 0.3 s (deploy.test.timeout-minutes); last provisioningState Pending"));
        Assert.That(error.Message, Does.Contain("log content").And.Contain("Delete it with: mlops deploy --env test --stop"));
    }

    [Test]
    public async Task A_group_whose_health_ready_never_answers_200_fails_the_smoke_test()
    {
        _fake.ContainerInstances.ReadyStatus = 503;

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => Target(Settings(timeout: TimeSpan.FromMilliseconds(500))).DeployAsync(Request));

        Assert.That(error!.Message, Does.StartWith($"http://{Fqdn}:8080/health/ready did not answer 200 within 0.5 s").And.Contain("last answer: 503"));
        Assert.That(error.Message, Does.Contain("Left in Azure: container group 'adult-income-test'"));
        Assert.That(_smoke.Asked.Count, Is.GreaterThan(1), "retried until the deadline");
    }

    [Test]
    public async Task A_401_names_the_credential_exits_2_and_is_not_retried()
    {
        _fake.RejectAllTokens = true;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Message, Does.StartWith("401 from Azure Container Instances while creating container group 'adult-income-test': the token of the Azure credential 'client-secret' was rejected")
            .And.Contain("check your service connection / credentials"));
        Assert.That(Aci.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_403_names_the_role_and_the_resource_group()
    {
        _fake.FailNext("PUT /subscriptions", 403, code: "AuthorizationFailed");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request));

        Assert.That(error!.Message, Does.StartWith("403 from Azure Container Instances while creating container group 'adult-income-test'")
            .And.Contain("credential 'client-secret' may not manage container groups in resource group 'ml-test'")
            .And.Contain("Contributor role")
            .And.EndWith("Nothing was created or changed in Azure."));
    }

    [Test]
    public async Task A_quota_error_says_which_settings_to_lower_or_to_ask_for_more()
    {
        _fake.FailNext("PUT /subscriptions", 409, code: "ContainerGroupQuotaReached");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request));

        Assert.That(error!.Message, Does.StartWith("Azure Container Instances quota reached in westeurope while creating container group 'adult-income-test'")
            .And.Contain("ContainerGroupQuotaReached")
            .And.Contain("Lower deploy.test.cpu / memory-gb (now 1 CPU, 1.5 GB)")
            .And.Contain("request a quota increase")
            .And.EndWith("Nothing was created or changed in Azure."));
        Assert.That(_fake.ContainerInstances.Exists("adult-income-test"), Is.False, "nothing was created");
    }

    [Test]
    public async Task A_deploy_without_an_image_says_how_to_give_one()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Target().DeployAsync(Request with { Image = null }));

        Assert.That(error!.Message, Does.Contain("--image REGISTRY/NAME:TAG or --package DIR"));
        Assert.That(_fake.Requests, Is.Empty);
    }

    [Test]
    public async Task Stop_deletes_the_group_waits_for_the_operation_and_says_what_ran()
    {
        var target = Target();
        await target.DeployAsync(Request);

        var stopped = await target.StopAsync("test");

        Assert.That(stopped!.ModelReference, Is.EqualTo("adult-income:3"));
        Assert.That(stopped.Url, Is.EqualTo($"http://{Fqdn}:8080"));
        Assert.That(stopped.Image, Is.EqualTo(Image));
        Assert.That(Aci.Single(r => r.Method == "DELETE").Status, Is.EqualTo(202));
        Assert.That(_fake.Requests.Any(r => r.Path.StartsWith("/fake-aci/operations/")), Is.True, "the async delete was followed to its end");
        Assert.That(_fake.ContainerInstances.Exists("adult-income-test"), Is.False);
        Assert.That(await target.StatusAsync("test"), Is.Null);
        Assert.That(await target.StopAsync("test"), Is.Null, "a second stop finds nothing");
        Assert.That(Aci.Count(r => r.Method == "DELETE"), Is.EqualTo(1));
    }

    [Test]
    public async Task Status_reports_the_model_url_and_state_without_secrets()
    {
        var target = Target();
        await target.DeployAsync(Request);

        var status = await target.StatusAsync("test");

        Assert.That(status!.Ready, Is.True);
        Assert.That(status.Detail, Is.EqualTo("provisioningState Succeeded, state Running"));
        Assert.That(status.State.ModelReference, Is.EqualTo("adult-income:3"));
        Assert.That(await target.LogsAsync("test"), Is.EqualTo("log content"));
    }

    [Test]
    public void Secrets_are_read_from_the_named_variables_and_masked_and_a_missing_one_names_the_variable()
    {
        var env = new Dictionary<string, string> { ["ACR_USERNAME"] = "u", ["ACR_PASSWORD"] = "p4ss", ["SCORING_KEY"] = "k3y" };
        var masked = new List<string>();

        var secrets = AciSecrets.Read("test", Settings(), env.GetValueOrDefault, masked.Add);

        Assert.That(secrets.RegistryPassword, Is.EqualTo("p4ss"));
        Assert.That(secrets.SecureEnv["MLOPS_API_KEY"], Is.EqualTo("k3y"));
        Assert.That(masked, Is.EquivalentTo(new[] { "u", "p4ss", "k3y" }));
        env.Remove("SCORING_KEY");
        var error = Assert.Throws<InvalidInputException>(() => AciSecrets.Read("test", Settings(), env.GetValueOrDefault, _ => { }));
        Assert.That(error!.Message, Does.StartWith("deploy.test.secure-env.MLOPS_API_KEY names the environment variable SCORING_KEY, which is not set"));
    }
}
