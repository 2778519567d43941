using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Containers.Output;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Registry;
using MlOps.Steps.Common;
using MlOps.Steps.Package;

namespace MlOps.Steps.Tests.Package;

/// <summary>
/// `mlops package` on a stand-in publish (the real one is booted in the end-to-end tests): digests, layer reuse,
/// labels, and an output folder that is replaced whole or not at all.
/// </summary>
[TestFixture, Platform("Linux")]
public class PackageStepTests
{
    private string _dir = "";
    private Dictionary<string, string> _env = null!;
    private StringWriter _out = null!;

    [SetUp]
    public void Create()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-package-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _out = new StringWriter();
        _env = new Dictionary<string, string>
        {
            ["BUILD_SOURCEVERSION"] = "0123456789abcdef0123456789abcdef01234567",
            ["BUILD_REPOSITORY_URI"] = "https://dev.azure.com/contoso/ml/_git/adult",
            ["AGENT_TEMPDIRECTORY"] = _dir,
        };
        StandInPublish.Write(PathOf("app"));
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string relative) => Path.Combine(_dir, relative);

    private void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), content);
    }

    private StepContext Context() => new(new AzurePipelinesHost(k => _env.GetValueOrDefault(k), _out, TextWriter.Null), _out);

    /// <param name="namedByModel">For an ML.NET model, the assemblies its parts name (default: one the stand-in publish has).</param>
    private async Task<string> RegisterModel(string weights, string format = "mlnet", params string[] namedByModel)
    {
        var folder = PathOf("train-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        var file = format == "onnx" ? "model.onnx" : "model.zip";
        new ModelCard("adult-income", format, file, ModelTask.BinaryClassification, "income", ">50K", ["<=50K", ">50K"],
            [new FeatureInfo("age", ColumnKind.Numeric)]).Save(folder);
        if (format == "onnx") File.WriteAllText(Path.Combine(folder, file), weights);
        else StandInMlNetModel.Write(Path.Combine(folder, file), weights, namedByModel.Length > 0 ? namedByModel : ["Microsoft.ML.LightGbm"]);
        var version = await new LocalModelRegistry(PathOf("registry")).RegisterAsync("adult-income", folder);
        return version.Reference;
    }

    private Task<PackageResult> Package(string model, string output, string cache = "cache", string? tag = null) =>
        new PackageStep(Context()).RunAsync(new PackageOptions(model, PathOf(output), Tag: tag, AppDirectory: PathOf("app"),
            RegistryPath: PathOf("registry"), CacheDirectory: PathOf(cache), SourceDate: DateTimeOffset.FromUnixTimeSeconds(1_750_000_000)));

    [Test]
    public async Task The_same_inputs_give_the_same_digest_and_byte_identical_outputs_in_two_folders()
    {
        var model = await RegisterModel("weights-1");

        var first = await Package(model, "out1", cache: "cache1");
        var second = await Package(model, "out2", cache: "cache2");

        Assert.That(second.ManifestDigest, Is.EqualTo(first.ManifestDigest));
        Assert.That(File.ReadAllBytes(second.DockerArchive!), Is.EqualTo(File.ReadAllBytes(first.DockerArchive!)));
        var layout = OciLayoutReader.Read(first.OciLayout!);
        Assert.That(layout.ManifestDigest, Is.EqualTo(first.ManifestDigest));
        Assert.That(layout.RefName, Is.EqualTo("1"));
        Assert.That(layout.Layers.Select(l => l.Digest), Is.EqualTo(first.Layers.Select(l => l.Digest)));
        Assert.That(_out.ToString(), Does.Contain($"##vso[task.setvariable variable=image_digest;isOutput=true;]{first.ManifestDigest}"));
    }

    [Test]
    public async Task A_new_model_version_changes_only_the_model_layer()
    {
        var v1 = await Package(await RegisterModel("weights-1"), "out1");
        var v2 = await Package(await RegisterModel("weights-2"), "out2");

        Assert.That(v2.Image, Is.EqualTo("adult-income:2"));
        Assert.That(v2.Layers.Select(l => l.Name), Is.EqualTo(new[] { "base", "app", "model" }));
        Assert.That(v2.Layers.Take(2).Select(l => l.Digest), Is.EqualTo(v1.Layers.Take(2).Select(l => l.Digest)));
        Assert.That(v2.Layers[2].Digest, Is.Not.EqualTo(v1.Layers[2].Digest));
        Assert.That(v2.Layers.Select(l => l.Reused), Is.EqualTo(new[] { true, true, false }), "only the model layer is written again");
    }

    [Test]
    public async Task The_image_is_labelled_with_revision_source_and_model_version_and_runs_the_scoring_server()
    {
        var result = await Package(await RegisterModel("weights-1"), "out", tag: "registry.local:5000/team/adult:candidate");

        var config = OciLayoutReader.Read(result.OciLayout!).Config;
        var labels = config.GetProperty("config").GetProperty("Labels");
        Assert.That(labels.GetProperty("org.opencontainers.image.revision").GetString(), Is.EqualTo("0123456789abcdef0123456789abcdef01234567"));
        Assert.That(labels.GetProperty("org.opencontainers.image.source").GetString(), Is.EqualTo("https://dev.azure.com/contoso/ml/_git/adult"));
        Assert.That(labels.GetProperty("org.opencontainers.image.version").GetString(), Is.EqualTo("candidate"));
        Assert.That(labels.GetProperty("mlops.model.name").GetString(), Is.EqualTo("adult-income"));
        Assert.That(labels.GetProperty("mlops.model.version").GetString(), Is.EqualTo("1"));
        Assert.That(config.GetProperty("created").GetString(), Is.EqualTo("2025-06-15T15:06:40Z"));
        Assert.That(config.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "/app/mlops-serve" }));
        Assert.That(config.GetProperty("config").GetProperty("User").GetString(), Is.EqualTo("1654"));
        var saved = JsonDocument.Parse(File.ReadAllText(PathOf("out/package.json"))).RootElement;
        Assert.That(saved.GetProperty("image").GetString(), Is.EqualTo("registry.local:5000/team/adult:candidate"));
        Assert.That(saved.GetProperty("compressedSize").GetInt64(), Is.EqualTo(result.Layers.Sum(l => l.Size) + new FileInfo(
            Path.Combine(result.OciLayout!, "blobs", "sha256", result.ConfigDigest[7..])).Length + new FileInfo(
            Path.Combine(result.OciLayout!, "blobs", "sha256", result.ManifestDigest[7..])).Length));
    }

    [TestCase("mlnet", "lib_lightgbm.so", "libonnxruntime.so")]
    [TestCase("onnx", "libonnxruntime.so", "lib_lightgbm.so")]
    public async Task The_app_layer_holds_the_servers_files_only_with_the_native_runtime_of_the_models_format(string format, string kept, string left)
    {
        var result = await Package(await RegisterModel("weights-1", format), "out");

        var app = LayerWriterEntries(result.Layers[1].Digest, result.OciLayout!);
        string[] loadedByMlNet = format == "mlnet" ? ["app/Microsoft.ML.LightGbm.dll"] : [];
        Assert.That(app, Is.EquivalentTo((string[])
        [
            "app/", "app/de/", "app/de/CommandLine.resources.dll", "app/mlops-serve", "app/mlops-serve.deps.json", "app/mlops-serve.dll",
            "app/mlops-serve.runtimeconfig.json", "app/MlOps.Server.dll", "app/CommandLine.dll", "app/System.Runtime.dll",
            "app/System.Private.CoreLib.dll", "app/libcoreclr.so", $"app/{kept}", .. loadedByMlNet,
        ]), $"not the CLI (mlops, mlops.dll), nor files its deps.json does not name, createdump, native debug symbols or {left}");
        Assert.That(_out.ToString(), Does.Contain("MB compressed (base ").And.Match(@"built adult-income:1 sha256:[0-9a-f]{64} in \d+\.\d s"));
    }

    [Test]
    public async Task An_assembly_an_ml_net_model_names_for_its_parts_goes_into_the_app_layer_and_one_the_publish_lacks_is_refused()
    {
        var result = await Package(await RegisterModel("weights-1", "mlnet", "Microsoft.ML.LightGbm", "Microsoft.ML.Mkl.Components"), "out");
        Assert.That(LayerWriterEntries(result.Layers[1].Digest, result.OciLayout!), Does.Contain("app/Microsoft.ML.Mkl.Components.dll"),
            "nothing references it, ML.NET loads it by the name the model gives");

        var model = await RegisterModel("weights-2", "mlnet", "Microsoft.ML.LightGbm", "Microsoft.ML.TimeSeries");
        var error = (await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out2")))!;
        Assert.That(error.Message, Does.Match(@"model\.zip:TransformerChain/Transform_001/Model\.key: the model needs Microsoft\.ML\.TimeSeries, which the published server in .* does not have"));
        Assert.That(Directory.Exists(PathOf("out2")), Is.False, "refused before anything is written");
    }

    [Test]
    public async Task Assemblies_the_server_never_references_and_their_resources_stay_out_of_the_app_layer()
    {
        var result = await Package(await RegisterModel("weights-1", "onnx"), "out");

        var app = LayerWriterEntries(result.Layers[1].Digest, result.OciLayout!);
        Assert.That(app, Does.Not.Contain("app/System.Private.Xml.dll").And.Not.Contain("app/Microsoft.VisualBasic.Core.dll")
            .And.Not.Contain("app/de/Microsoft.VisualBasic.Core.resources.dll"), "listed in deps.json, but no assembly of the server references them");
        Assert.That(app, Does.Contain("app/System.Private.CoreLib.dll").And.Contain("app/CommandLine.dll"), "reached through System.Runtime and from mlops-serve.dll");
    }

    [Test]
    public async Task A_managed_file_of_the_publish_that_is_not_an_assembly_is_refused_naming_it()
    {
        var model = await RegisterModel("weights-1");
        Write("app/serve/MlOps.Server.dll", "not an assembly");
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out"));
        Assert.That(error!.Message, Does.Contain("MlOps.Server.dll: the publish's deps.json names it as a managed assembly, but it is not one")
            .And.Contain("dotnet publish src/MlOps.Cli"));
    }

    private static List<string> LayerWriterEntries(string digest, string layout)
    {
        using var gunzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(layout, "blobs", "sha256", digest[7..])), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new System.Formats.Tar.TarReader(gunzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }

    [Test]
    public async Task A_publish_of_the_server_alone_gives_the_same_image_as_the_cli_publish_holding_it()
    {
        var model = await RegisterModel("weights-1");
        var cli = await Package(model, "out1");
        var alone = await new PackageStep(Context()).RunAsync(new PackageOptions(model, PathOf("out2"), AppDirectory: PathOf("app/serve"),
            RegistryPath: PathOf("registry"), CacheDirectory: PathOf("cache2"), SourceDate: DateTimeOffset.FromUnixTimeSeconds(1_750_000_000)));
        Assert.That(alone.ManifestDigest, Is.EqualTo(cli.ManifestDigest));
    }

    [Test]
    public async Task A_publish_without_the_scoring_server_is_refused_with_the_publish_command()
    {
        var model = await RegisterModel("weights-1");
        File.Delete(PathOf("app/serve/mlops-serve"));
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out"));
        Assert.That(error!.Message, Does.Contain("no 'mlops-serve' executable").And.Contain("dotnet publish src/MlOps.Cli -c Release -r linux-x64 --self-contained"));
    }

    [Test]
    public async Task A_damaged_deps_json_is_refused_naming_the_file()
    {
        var model = await RegisterModel("weights-1");
        Write("app/serve/mlops-serve.deps.json", "{ \"targets\": ");
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out"));
        Assert.That(error!.Message, Does.Contain("mlops-serve.deps.json: not a .NET deps.json"));
    }

    [Test]
    public async Task A_build_that_fails_midway_leaves_the_previous_output_as_it_was_and_no_staging_folder()
    {
        var model = await RegisterModel("weights-1");
        await Package(model, "out");
        var before = File.ReadAllText(PathOf("out/package.json"));
        File.WriteAllText(PathOf("not-a-folder"), "a file where the cache folder should go");

        await Assert.ThrowsAsync<IOException>(() => Package(model, "out", cache: "not-a-folder"));

        Assert.That(File.ReadAllText(PathOf("out/package.json")), Is.EqualTo(before));
        Assert.That(Directory.GetDirectories(_dir, ".out.staging-*"), Is.Empty);
    }

    [Test]
    public async Task A_folder_that_is_not_an_earlier_package_output_is_refused_and_left_alone()
    {
        var model = await RegisterModel("weights-1");
        Write("mine/notes.txt", "keep me");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "mine"));

        Assert.That(error!.Message, Does.Contain("is not an earlier 'mlops package' output"));
        Assert.That(File.ReadAllText(PathOf("mine/notes.txt")), Is.EqualTo("keep me"));
    }

    [TestCase("adult-income", "has no tag")]
    [TestCase("Adult:1", "not a valid image name")]
    [TestCase("adult:-1", "not a valid tag")]
    public async Task A_bad_tag_is_refused_with_what_was_expected(string tag, string message)
    {
        var model = await RegisterModel("weights-1");
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out", tag: tag));
        Assert.That(error!.Message, Does.Contain(message));
        Assert.That(Directory.Exists(PathOf("out")), Is.False);
    }

    [Test]
    public async Task A_publish_without_the_runtime_is_refused_with_the_publish_command()
    {
        var model = await RegisterModel("weights-1");
        File.Delete(PathOf("app/serve/libcoreclr.so"));
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Package(model, "out"));
        Assert.That(error!.Message, Does.Contain("not self-contained").And.Contain("--self-contained"));
    }
}
