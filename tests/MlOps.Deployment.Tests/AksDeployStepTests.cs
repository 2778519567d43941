using MlOps.CiHosts;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Deployment.Tests.FakeKubernetes;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Deploy;

namespace MlOps.Deployment.Tests;

/// <summary>
/// `mlops deploy --env prod` with target aks: the deploy step with the real <see cref="DeploymentTargets"/> factory,
/// mlops.yml naming a kubeconfig file that points at the fake Kubernetes API.
/// </summary>
public sealed class AksDeployStepTests
{
    private const string RunUrl = "https://github.com/org/repo/actions/runs/42";
    private const string Image = "myacr.azurecr.io/m:1";
    private const string Secret = "scoring-key-s3cret";
    private FakeKubernetesApi _api = null!;
    private string _root = null!;
    private string _config = null!;
    private StringWriter _out = null!;
    private readonly List<string> _masked = [];

    [SetUp]
    public async Task CreateAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _masked.Clear(); // NUnit runs every test of the fixture on one instance
        _out = new StringWriter();
        _root = Directory.CreateTempSubdirectory("mlops-aks-step-").FullName;
        var model = Path.Combine(_root, "model");
        Directory.CreateDirectory(model);
        new ModelCard("m", "mlnet", "model.zip", ModelTask.BinaryClassification, "y", "yes", ["no", "yes"],
            [new FeatureInfo("x", ColumnKind.Numeric)]).Save(model);
        File.WriteAllText(Path.Combine(model, "model.zip"), "stand-in");
        await new LocalModelRegistry(Path.Combine(_root, "registry")).RegisterAsync("m", model);
        _api.WriteKubeconfig(_root);
        _config = Path.Combine(_root, "mlops.yml");
        Configure("prod: { target: aks, namespace: ml, kubeconfig: kubeconfig, secure-env: { MLOPS_API_KEY: SCORING_KEY } }");
    }

    [TearDown]
    public async Task DeleteAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private void Configure(string prod) => File.WriteAllText(_config, $"""
        model: {"{"} name: m, task: binary-classification, label: y {"}"}
        registry: {"{"} path: registry {"}"}
        deploy:
          {prod}
        """);

    private DeployStep Step()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_REPOSITORY"] = "org/repo", ["GITHUB_RUN_ID"] = "42", ["GITHUB_ACTOR"] = "octocat",
            ["GITHUB_OUTPUT"] = Path.Combine(_root, "github-output"), ["SCORING_KEY"] = Secret,
        };
        var targets = new DeploymentTargets(["mlops"], env.GetValueOrDefault, _masked.Add);
        return new DeployStep(new StepContext(new GitHubActionsHost(env.GetValueOrDefault, _out, _out), _out), targets);
    }

    [Test]
    public async Task Deploy_env_prod_rolls_out_on_the_cluster_masks_the_secret_and_is_in_the_audit_trail()
    {
        var state = await Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:1", Image: Image));
        await Step().RunAsync(new DeployOptions(_config, "prod", Stop: true));

        Assert.That((state!.Target, state.Image, state.Url), Is.EqualTo(("aks", Image, "http://m-prod.ml.svc.cluster.local:8080")));
        Assert.That(_masked, Is.EqualTo(new[] { Secret }), "the secure-env value is masked in the CI log as soon as it is read");
        Assert.That(_api.SchemaErrors, Is.Empty);
        Assert.That(_api.ProxyRequests, Is.EqualTo(new[] { "m-prod:8080/health/ready" }));
        var events = new LocalModelRegistry(Path.Combine(_root, "registry")).Audit.Read().Lines.Select(l => l.Event).Where(e => e.Environment == "prod").ToList();
        Assert.That(events.Select(e => e.Event), Is.EqualTo(new[] { AuditEventKinds.Deployed, AuditEventKinds.Undeployed }));
        Assert.That(events[0].Details!["target"], Is.EqualTo("aks"));
        Assert.That(events.Select(e => e.RunUrl), Is.All.EqualTo(RunUrl));
        Assert.That(_api.Stored("ml"), Is.Empty, "--stop removed everything");
        Assert.That(_api.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)).Select(r => r.Split(' ')[1].Split('/')[^1]),
            Is.EqualTo(new[] { "secrets", "deployments", "services" }));
    }

    [Test]
    public async Task A_rollout_the_cluster_rolled_back_is_exit_1_and_a_rolled_back_event_naming_both_versions()
    {
        var registry = new LocalModelRegistry(Path.Combine(_root, "registry"));
        await registry.RegisterAsync("m", Path.Combine(_root, "model"));
        await Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:1", Image: Image));
        _api.Images["myacr.azurecr.io/m:2"] = ImageBehavior.NeverReady;

        var error = await Assert.ThrowsAsync<RolloutFailedException>(() => Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:2", Image: "myacr.azurecr.io/m:2")));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        var events = registry.Audit.Read().Lines.Select(l => l.Event).Where(e => e.Environment == "prod").ToList();
        Assert.That(events.Select(e => e.Event), Is.EqualTo(new[] { AuditEventKinds.Deployed, AuditEventKinds.RolledBack }));
        Assert.That((events[1].Version, events[1].Previous, events[1].Details!["rollout"], events[1].RunUrl), Is.EqualTo((1, 2, "rolling-update", RunUrl)));
        Assert.That(events[1].Reason, Does.StartWith("rollout of m:2 to prod"));
    }

    [Test]
    public async Task The_change_cause_of_the_revision_names_the_model_and_the_ci_run()
    {
        await Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:1", Image: Image));

        Assert.That((string?)_api.Get("deployments", "ml", "m-prod")!["metadata"]!["annotations"]!["kubernetes.io/change-cause"],
            Does.StartWith("mlops deploy m").And.EndWith($"({Image}) by {RunUrl}"));
    }

    [Test]
    public async Task A_bad_aks_setting_is_exit_2_at_its_line_before_the_cluster_is_called()
    {
        Configure("prod: { target: aks, namespace: ml, replicas: many }");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:1", Image: Image)));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Message, Does.EndWith("mlops.yml:4:49: 'deploy.prod.replicas' must be a whole number, found 'many'"));
        Assert.That(_api.Requests, Is.Empty);
    }

    [Test]
    public async Task A_missing_kubeconfig_names_the_setting_and_how_to_get_one()
    {
        Configure("prod: { target: aks, namespace: ml, kubeconfig: no-such-file }");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Step().RunAsync(new DeployOptions(_config, "prod", ModelReference: "m:1", Image: Image)));

        Assert.That(error!.Message, Is.EqualTo($"deploy.prod.kubeconfig names the kubeconfig {Path.Combine(_root, "no-such-file")}, which does not exist; " +
                                               "set deploy.prod.kubeconfig or KUBECONFIG to the file your cluster gave you (AKS: az aks get-credentials --file PATH)"));
    }
}
