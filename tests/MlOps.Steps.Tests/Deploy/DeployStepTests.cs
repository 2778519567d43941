using MlOps.CiHosts;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Deploy;

namespace MlOps.Steps.Tests.Deploy;

/// <summary>The deploy step around a target: which environment, which image, the audit trail and the CI outputs.</summary>
public sealed class DeployStepTests
{
    private const string RunUrl = "https://github.com/org/repo/actions/runs/42";
    private const string Image = "myacr.azurecr.io/m:1";
    private string _root = null!;
    private string _config = null!;
    private string _outputs = null!;
    private RecordingTarget _target = null!;
    private StringWriter _out = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _target = new RecordingTarget();
        _out = new StringWriter();
        _root = Path.Combine(Path.GetTempPath(), "mlops-deploy-" + Guid.NewGuid().ToString("N")[..8]);
        var model = Path.Combine(_root, "model");
        Directory.CreateDirectory(model);
        new ModelCard("m", "mlnet", "model.zip", ModelTask.BinaryClassification, "y", "yes", ["no", "yes"],
            [new FeatureInfo("x", ColumnKind.Numeric)]).Save(model);
        File.WriteAllText(Path.Combine(model, "model.zip"), "stand-in");
        await new LocalModelRegistry(Path.Combine(_root, "registry")).RegisterAsync("m", model);
        _config = Path.Combine(_root, "mlops.yml");
        _outputs = Path.Combine(_root, "github-output");
        File.WriteAllText(_outputs, "");
        Configure("""
            deploy:
              test: { target: aci, subscription: s, resource-group: ml-test, location: westeurope }
              production: { target: local }
            """);
    }

    [TearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private void Configure(string deploy) => File.WriteAllText(_config, $"""
        model: {"{"} name: m, task: binary-classification, label: y {"}"}
        registry: {"{"} path: registry {"}"}
        {deploy}
        """);

    private DeployStep Step()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_REPOSITORY"] = "org/repo", ["GITHUB_RUN_ID"] = "42", ["GITHUB_ACTOR"] = "octocat",
            ["GITHUB_OUTPUT"] = _outputs,
        };
        return new DeployStep(new StepContext(new GitHubActionsHost(env.GetValueOrDefault, _out, _out), _out), _target);
    }

    private DeployOptions Options(string environment = "test") => new(_config, environment, ModelReference: "m:1", Image: Image);

    private IReadOnlyList<AuditEvent> Trail() =>
        new LocalModelRegistry(Path.Combine(_root, "registry")).Audit.Read().Lines.Select(l => l.Event).ToList();

    [Test]
    public async Task The_first_test_row_is_read_for_a_target_that_scores_it_and_left_alone_for_one_that_does_not()
    {
        File.WriteAllText(Path.Combine(_root, "test.csv"), "x,y\n1.5,yes\n");
        File.WriteAllText(_config, File.ReadAllText(_config).Replace("registry:", "data: { train: test.csv, test: test.csv }\nregistry:"));

        await Step().RunAsync(Options());
        _target.SendsSampleRow = true;
        await Step().RunAsync(Options());

        Assert.That(_target.Deployed.Select(d => d.SampleBody), Is.EqualTo(new[] { null, "[{\"x\":1.5}]" }));
    }

    [Test]
    public async Task Deploy_and_stop_are_in_the_audit_trail_with_the_run_url_image_and_resource_and_the_url_is_a_step_output()
    {
        await Step().RunAsync(Options());
        await Step().RunAsync(Options() with { Stop = true });

        var events = Trail().Where(e => e.Environment == "test").ToList();
        Assert.That(events.Select(e => e.Event), Is.EqualTo(new[] { AuditEventKinds.Deployed, AuditEventKinds.Undeployed }));
        Assert.That(events.Select(e => e.RunUrl), Is.All.EqualTo(RunUrl));
        Assert.That(events[0].Version, Is.EqualTo(1));
        Assert.That(events[0].Details!["target"], Is.EqualTo("aci"));
        Assert.That(events[0].Details!["image"], Is.EqualTo(Image));
        Assert.That(events[0].Details!["url"], Is.EqualTo(RecordingTarget.Url));
        Assert.That(events[1].Details!["resource"], Is.EqualTo(RecordingTarget.Resource));
        Assert.That(File.ReadAllText(_outputs), Does.Contain("url<<").And.Contain(RecordingTarget.Url));
        Assert.That(_out.ToString(), Does.Contain($"deployed m:1 to test (aci) at {RecordingTarget.Url}"));
    }

    [Test]
    public async Task A_package_folder_gives_the_image_and_the_model()
    {
        var package = Path.Combine(_root, "image");
        Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "package.json"), """{"image":"myacr.azurecr.io/m:1","model":"m","modelVersion":"1","layers":[],"labels":{}}""");

        await Step().RunAsync(new DeployOptions(_config, "test", PackageDirectory: package));

        Assert.That(_target.Deployed.Single().Image, Is.EqualTo("myacr.azurecr.io/m:1"));
        Assert.That(_target.Deployed.Single().ModelReference, Is.EqualTo("m:1"));
    }

    [Test]
    public async Task A_pushed_package_is_deployed_by_digest_so_a_moved_tag_cannot_change_what_runs()
    {
        var package = Path.Combine(_root, "pushed");
        Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "package.json"), """
            {"image":"m:1","model":"m","modelVersion":"1","layers":[],"labels":{},
             "push":{"reference":"myacr.azurecr.io:443/models/m:v1","manifestDigest":"sha256:abc","blobs":[],"bytesUploaded":1,"imageBytes":1,"seconds":1}}
            """);

        await Step().RunAsync(new DeployOptions(_config, "test", PackageDirectory: package));

        Assert.That(_target.Deployed.Single().Image, Is.EqualTo("myacr.azurecr.io:443/models/m@sha256:abc"));
    }

    [Test]
    public async Task A_container_target_without_an_image_says_how_to_give_one_and_deploys_nothing()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Step().RunAsync(Options() with { Image = null }));

        Assert.That(error!.Message, Is.EqualTo("deploy.test has target aci, which runs a container image: pass --image REGISTRY/NAME:TAG " +
                                                "or --package DIR (the --output folder of 'mlops package')"));
        Assert.That(_target.Deployed, Is.Empty);
    }

    [Test]
    public async Task An_unknown_environment_is_exit_2_listing_the_configured_ones()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Step().RunAsync(Options("staging")));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Message, Is.EqualTo($"{_config}: no deploy environment 'staging'; deploy has: test, production"));
        Assert.That(_target.Created, Is.Empty);
    }

    [Test]
    public async Task Without_a_deploy_section_any_environment_runs_locally_on_loopback()
    {
        Configure("");

        await Step().RunAsync(Options("review") with { Status = true });

        Assert.That(_target.Created.Single(), Is.EqualTo(new Core.Config.DeployEnvironment("review", "local", "127.0.0.1", 0)));
    }
}
