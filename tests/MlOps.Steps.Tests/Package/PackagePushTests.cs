using MlOps.CiHosts;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Containers.Tests.Push;
using MlOps.Registry;
using MlOps.Steps.Common;
using MlOps.Steps.Package;

namespace MlOps.Steps.Tests.Package;

/// <summary>The package section of mlops.yml names the image and the registry `mlops package` pushes to; --no-push builds only.</summary>
[TestFixture, NonParallelizable, Platform("Linux")]
public class PackagePushTests
{
    private string _dir = "";
    private StringWriter _out = null!;

    [SetUp]
    public void Create()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-package-push-" + Guid.NewGuid().ToString("N")[..8]);
        _out = new StringWriter();
        StandInPublish.Write(PathOf("app"));
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string relative) => Path.Combine(_dir, relative);

    private async Task<PackageResult> Package(string registryHost, bool noPush)
    {
        File.WriteAllText(PathOf("mlops.yml"), $$"""
            model: { name: adult-income, task: binary-classification, label: income }
            package: { registry: "{{registryHost}}", repository: models/adult, tag: "v{version}", app: app, cache: layer-cache }
            """);
        var folder = PathOf("model");
        Directory.CreateDirectory(folder);
        new ModelCard("adult-income", "mlnet", "model.zip", ModelTask.BinaryClassification, "income", ">50K", ["<=50K", ">50K"],
            [new FeatureInfo("age", ColumnKind.Numeric)]).Save(folder);
        StandInMlNetModel.Write(Path.Combine(folder, "model.zip"), "weights", "Microsoft.ML.LightGbm");
        var version = await new LocalModelRegistry(PathOf("registry")).RegisterAsync("adult-income", folder);
        var context = new StepContext(new LocalHost(_ => null, _out, _out), _out);
        return await new PackageStep(context).RunAsync(new PackageOptions(version.Reference, PathOf("out"), ConfigPath: PathOf("mlops.yml"),
            RegistryPath: PathOf("registry"), SourceDate: DateTimeOffset.UnixEpoch, NoPush: noPush));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_registry_in_the_package_section_is_pushed_to_under_the_configured_repository_and_tag_template()
    {
        using var registry = await DistributionRegistry.StartAsync();

        var result = await Package(registry.Host, noPush: false);

        Assert.That(result.Image, Is.EqualTo("models/adult:v1"));
        Assert.That(result.Push!.Reference, Is.EqualTo($"{registry.Host}/models/adult:v1"));
        Assert.That(Directory.Exists(PathOf("layer-cache")), Is.True, "package.cache is used");
        var (manifest, _) = await RegistryPull.PullAsync(registry.Host, "models/adult", "v1");
        Assert.That(manifest, Is.EqualTo(result.ManifestDigest));
        Assert.That(_out.ToString(), Does.Contain($"push: {registry.Host}/models/adult:v1 with no credentials")
            .And.Match(@"push: uploaded \d+\.\d\d MB = \d+\.\d\d× the model layer"));
        Assert.That(_out.ToString(), Does.Contain($"output pushed_image={registry.Host}/models/adult:v1@{result.ManifestDigest}"));
    }

    [Test, CancelAfter(60_000)]
    public async Task No_push_builds_only()
    {
        using var registry = await DistributionRegistry.StartAsync();

        var result = await Package(registry.Host, noPush: true);

        Assert.That(result.Push, Is.Null);
        Assert.That(registry.StoredBlobs(), Is.Empty);
        Assert.That(_out.ToString(), Does.Not.Contain("push:"));
    }
}
