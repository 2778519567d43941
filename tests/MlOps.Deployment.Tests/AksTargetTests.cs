using System.Text.Json.Nodes;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Deployment.Aks;
using MlOps.Deployment.Tests.FakeKubernetes;

namespace MlOps.Deployment.Tests;

/// <summary>The aks target against the in-process fake Kubernetes API (schemas from shared/fixtures/k8s), through a kubeconfig file.</summary>
public sealed class AksTargetTests
{
    private const string V1 = "myacr.azurecr.io/adult-income:1";
    private const string V2 = "myacr.azurecr.io/adult-income:2";
    private const string Name = "adult-income-prod";
    private const string Ns = "ml";
    private const string RunUrl = "https://dev.azure.com/org/proj/_build/results?buildId=7";
    private FakeKubernetesApi _api = null!;
    private string _dir = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _dir = Directory.CreateTempSubdirectory("mlops-aks-").FullName;
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private AksSettings Settings(AksAutoscale? autoscale = null, int? pdb = null, string ns = Ns, string? token = null) => new(
        ns, Name, 2, new AksResources("250m", "512Mi"), new AksResources(null, "1Gi"), autoscale, pdb, 60, TimeSpan.FromSeconds(20), 8080,
        "ClusterIP", "acr-pull", new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
        new Dictionary<string, string> { ["MLOPS_API_KEY"] = "SCORING_KEY" },
        new AksCredentials(_api.WriteKubeconfig(_dir, token), null, null, null));

    private static AksTarget Target(AksSettings settings) => new(settings,
        () => AksConnection.Open("prod", settings, _ => null, () => throw new InvalidOperationException("no Azure here"), () => "none"),
        () => new Dictionary<string, string> { ["MLOPS_API_KEY"] = "s3cret" }, pollInterval: TimeSpan.FromMilliseconds(5));

    private static DeploymentRequest Request(string model, string image) => new("prod", model, "", "", 0) { Image = image, RunUrl = RunUrl };

    private JsonObject Deployment => _api.Get("deployments", Ns, Name)!;

    private string RunningImage => (string)Deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    private string Revision => (string)Deployment["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!;

    [Test]
    public async Task A_first_deploy_creates_the_objects_waits_for_the_rollout_and_smoke_tests_through_the_service_proxy()
    {
        var state = await Target(Settings(new AksAutoscale(2, 5, 60), pdb: 1)).DeployAsync(Request("adult-income:1", V1));

        Assert.That(_api.SchemaErrors, Is.Empty);
        Assert.That(_api.Stored(Ns), Is.EqualTo(new[]
        {
            $"deployments/{Ns}/{Name}", $"horizontalpodautoscalers/{Ns}/{Name}", $"poddisruptionbudgets/{Ns}/{Name}",
            $"secrets/{Ns}/{Name}-secure-env", $"services/{Ns}/{Name}",
        }));
        Assert.That((state.Target, state.ModelReference, state.Image, state.Url), Is.EqualTo(("aks", "adult-income:1", V1, $"http://{Name}.{Ns}.svc.cluster.local:8080")));
        Assert.That(Revision, Is.EqualTo("1"));
        Assert.That(Deployment["status"]!["availableReplicas"]!.GetValue<int>(), Is.EqualTo(2), "the wait ended only once both pods were available");
        Assert.That(_api.ProxyRequests, Is.EqualTo(new[] { $"{Name}:8080/health/ready" }));
    }

    [Test]
    public async Task The_deployment_carries_probes_labels_the_change_cause_and_no_secret_value()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));

        var template = Deployment["spec"]!["template"]!;
        var container = template["spec"]!["containers"]![0]!;
        Assert.That((string?)container["livenessProbe"]!["httpGet"]!["path"], Is.EqualTo("/health/live"));
        Assert.That((string?)container["readinessProbe"]!["httpGet"]!["path"], Is.EqualTo("/health/ready"));
        Assert.That((int?)container["ports"]![0]!["containerPort"], Is.EqualTo(8080));
        Assert.That((string?)template["metadata"]!["labels"]!["mlops.dev/model-version"], Is.EqualTo("adult-income.1"));
        Assert.That((string?)Deployment["metadata"]!["annotations"]!["kubernetes.io/change-cause"],
            Is.EqualTo($"mlops deploy adult-income:1 ({V1}) by {RunUrl}"));
        Assert.That((string?)template["spec"]!["imagePullSecrets"]![0]!["name"], Is.EqualTo("acr-pull"));
        Assert.That(Deployment.ToJsonString(), Does.Not.Contain("s3cret"), "the secret value lives in the Secret only");
        Assert.That(JsonNode.DeepEquals(container["env"]![1], JsonNode.Parse("""
            {"name":"MLOPS_API_KEY","valueFrom":{"secretKeyRef":{"name":"NAME-secure-env","key":"MLOPS_API_KEY"}}}
            """.Replace("NAME", Name))), Is.True, container["env"]!.ToJsonString());
        Assert.That((string?)_api.Get("secrets", Ns, $"{Name}-secure-env")!["data"]!["MLOPS_API_KEY"], Is.EqualTo(Convert.ToBase64String("s3cret"u8)));
    }

    [Test]
    public async Task An_update_rolls_out_revision_2_and_scales_the_old_replica_set_to_zero()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));
        var state = await Target(Settings()).DeployAsync(Request("adult-income:2", V2));

        Assert.That((Revision, RunningImage, state.ModelReference), Is.EqualTo(("2", V2, "adult-income:2")));
        Assert.That(_api.ReplicaSets(Ns, Name), Is.EquivalentTo(new[] { $"1 {V1} 0/0", $"2 {V2} 2/2" }));
        Assert.That(_api.SchemaErrors, Is.Empty);
    }

    [Test]
    public async Task A_stuck_rollout_is_rolled_back_to_revision_1_and_is_exit_1_with_the_reason()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));
        _api.Images[V2] = ImageBehavior.NeverReady;

        var error = (await Assert.ThrowsAsync<RolloutFailedException>(() => Target(Settings()).DeployAsync(Request("adult-income:2", V2))))!;

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        Assert.That(error.Message, Does.StartWith($"rollout of adult-income:2 to prod (Deployment '{Name}' in namespace '{Ns}') failed: " +
                                                  $"deployment \"{Name}\" exceeded its progress deadline (60 s)"));
        Assert.That(error.Message, Does.Contain("rolled back to revision 1 (adult-income:1), which serves again"));
        Assert.That(error.Message, Does.Contain("running, not ready (readiness probe failing)"));
        Assert.That(RunningImage, Is.EqualTo(V1));
        Assert.That(_api.ReplicaSets(Ns, Name), Is.EquivalentTo(new[] { $"3 {V1} 2/2", $"2 {V2} 0/0" }),
            "as in Kubernetes, the old template's ReplicaSet takes the next revision number");
        Assert.That(_api.SchemaErrors, Is.Empty);
    }

    [Test]
    public async Task A_crash_loop_is_rolled_back_and_the_message_shows_the_pods_reason_restarts_and_log()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));
        _api.Images[V2] = ImageBehavior.CrashLoop;

        var error = (await Assert.ThrowsAsync<RolloutFailedException>(() => Target(Settings()).DeployAsync(Request("adult-income:2", V2))))!;

        Assert.That(error.Message, Does.Contain("rolled back to revision 1 (adult-income:1)"));
        Assert.That(error.Message, Does.Match($@"pod {Name}-[0-9a-f]+-p0: Running\n  container scoring: waiting: CrashLoopBackOff \(back-off 40s restarting failed container=scoring pod=[^)]+\), restarted \d+ times, last run ended Error with exit code 134"));
        Assert.That(error.Message, Does.Contain("log of the last crashed run (last 30 lines):\n    loading model /model/model.onnx\n    Unhandled exception. System.IO.FileNotFoundException: model.onnx not found"));
        Assert.That(RunningImage, Is.EqualTo(V1));
    }

    [Test]
    public async Task Pods_that_are_ready_but_fail_the_smoke_test_are_rolled_back()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));
        _api.Images[V2] = ImageBehavior.FailsSmokeTest;
        var settings = Settings() with { Timeout = TimeSpan.FromSeconds(1) };

        var error = (await Assert.ThrowsAsync<RolloutFailedException>(() => Target(settings).DeployAsync(Request("adult-income:2", V2))))!;

        Assert.That(error.Message, Does.Contain($"failed: the smoke test GET /api/v1/namespaces/{Ns}/services/{Name}:8080/proxy/health/ready answered 503: model not loaded"));
        Assert.That(error.Message, Does.Contain("rolled back to revision 1"));
        Assert.That(RunningImage, Is.EqualTo(V1));
    }

    [Test]
    public async Task A_failed_first_deploy_deletes_what_it_created_and_says_so()
    {
        _api.Images[V1] = ImageBehavior.NeverReady;

        var error = (await Assert.ThrowsAsync<RolloutFailedException>(() => Target(Settings(pdb: 1)).DeployAsync(Request("adult-income:1", V1))))!;

        Assert.That(error.Message, Does.EndWith($"Nothing ran in prod before, so mlops deleted what it created: Deployment/{Name}, Service/{Name}, " +
                                                $"PodDisruptionBudget/{Name}, Secret/{Name}-secure-env."));
        Assert.That(_api.Stored(Ns), Is.Empty);
    }

    [Test]
    public async Task A_403_names_the_kubeconfig_user_the_verb_and_the_namespace_and_is_exit_2()
    {
        _api.Forbidden.Add("create deployments");

        var error = (await Assert.ThrowsAsync<InvalidInputException>(() => Target(Settings()).DeployAsync(Request("adult-income:1", V1))))!;

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Message, Does.StartWith($"403 from the Kubernetes API: the kubeconfig user '{FakeKubernetesApi.User}' (context 'fake' of {_dir}/kubeconfig) " +
                                                  $"may not create deployments.apps in namespace '{Ns}'. Bind it to a Role in '{Ns}'"));
        Assert.That(error.Message, Does.EndWith($"(API server: deployments.apps is forbidden: User \"{FakeKubernetesApi.User}\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"{Ns}\")"));
    }

    [Test]
    public async Task A_rejected_token_is_a_401_naming_the_credential_and_how_to_refresh_it()
    {
        var error = (await Assert.ThrowsAsync<InvalidInputException>(() => Target(Settings(token: "expired")).StatusAsync("prod")))!;

        Assert.That(error.Message, Does.StartWith($"401 from the Kubernetes API while trying to get deployments.apps '{Name}' in namespace '{Ns}': " +
                                                  $"the cluster rejected the credentials of the kubeconfig user '{FakeKubernetesApi.User}'"));
        Assert.That(error.Message, Does.Contain("refresh the kubeconfig"));
    }

    [Test]
    public async Task A_namespace_that_does_not_exist_is_a_settings_error()
    {
        var error = (await Assert.ThrowsAsync<InvalidInputException>(() => Target(Settings(ns: "ml-prod")).DeployAsync(Request("adult-income:1", V1))))!;

        Assert.That(error.Message, Does.StartWith("namespace 'ml-prod' does not exist (deploy.prod.namespace): create it (kubectl create namespace ml-prod)"));
    }

    [Test]
    public async Task Status_and_logs_describe_the_running_revision_and_its_pods()
    {
        await Target(Settings()).DeployAsync(Request("adult-income:1", V1));

        var status = await Target(Settings()).StatusAsync("prod");
        var logs = await Target(Settings()).LogsAsync("prod");

        Assert.That(status!.Ready, Is.True);
        Assert.That(status.Detail, Is.EqualTo($"revision 1, 2/2 ready; deployment \"{Name}\" successfully rolled out"));
        Assert.That(status.State.ModelReference, Is.EqualTo("adult-income:1"));
        Assert.That(logs, Does.Match($@"^== pod {Name}-[0-9a-f]+-p0 ==\nmlops-serve listening on http://0.0.0.0:8080\n"));
    }

    [Test]
    public async Task Stop_deletes_the_deployment_service_autoscaler_and_disruption_budget()
    {
        await Target(Settings(new AksAutoscale(2, 4, 70), pdb: 1)).DeployAsync(Request("adult-income:1", V1));

        var stopped = await Target(Settings(new AksAutoscale(2, 4, 70), pdb: 1)).StopAsync("prod");
        var again = await Target(Settings()).StopAsync("prod");

        Assert.That(stopped!.ModelReference, Is.EqualTo("adult-income:1"));
        Assert.That(_api.Stored(Ns), Is.Empty);
        Assert.That(_api.Requests.Where(r => r.StartsWith("DELETE", StringComparison.Ordinal) && r.EndsWith("→ 200", StringComparison.Ordinal))
            .Select(r => r.Split(' ')[1].Split('/')[^2]), Is.EqualTo(new[] { "deployments", "services", "horizontalpodautoscalers", "poddisruptionbudgets", "secrets" }));
        Assert.That(again, Is.Null, "nothing left to stop");
    }
}
