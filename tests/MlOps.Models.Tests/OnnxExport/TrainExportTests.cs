using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models.Onnx.Export;
using MlOps.Training;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary><c>train.export: onnx</c>: the config key, and the trainer leaving model.onnx as the one model of a run.</summary>
public class TrainExportTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-train-export-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private MlOpsConfig Config(string yaml) => ConfigLoader.Parse(new StringReader(yaml), Path.Combine(_dir, "mlops.yml"), "mlops.yml");

    [Test]
    public void Export_defaults_to_mlnet_and_accepts_onnx()
    {
        Assert.That(Config("model: { name: m, task: regression, label: y }").Train.Export, Is.EqualTo("mlnet"));
        Assert.That(Config("model: { name: m, task: regression, label: y }\ntrain: { seed: 1 }").Train.Export, Is.EqualTo("mlnet"));
        Assert.That(Config("model: { name: m, task: regression, label: y }\ntrain:\n  export: onnx\n").Train.Export, Is.EqualTo("onnx"));
    }

    [Test]
    public void Unknown_export_format_is_an_error_at_its_line_and_column()
    {
        var e = Assert.Throws<InvalidInputException>(() => Config("model: { name: m, task: regression, label: y }\ntrain:\n  export: pmml\n"))!;
        Assert.That(e.Message, Does.StartWith("mlops.yml:3:11:"));
        Assert.That(e.Message, Does.Contain("mlnet, onnx").And.Contain("pmml"));
    }

    [Test]
    public void Export_onnx_with_a_command_backend_is_an_error_not_ignored()
    {
        var e = Assert.Throws<InvalidInputException>(() => Config(
            "model: { name: m, task: regression, label: y }\ntrain:\n  backend: command\n  command: { run: python train.py }\n  export: onnx\n"))!;
        Assert.That(e.Message, Does.StartWith("mlops.yml:5:11:").And.Contain("mlnet backend"));
    }

    [Test]
    public async Task Export_onnx_leaves_model_onnx_that_predicts_what_mlnet_predicts()
    {
        const string model = "model: { name: h, task: regression, label: median_house_value }\n";
        var table = TableLoader.Load(SharedData.Dataset("california_housing.csv"));
        var (mlnetDir, mlnetOutput) = await Train(Config(model + "train: { mlnet: { trees: 20 } }"), table, "mlnet");
        var (onnxDir, onnxOutput) = await Train(Config(model + "train: { export: onnx, mlnet: { trees: 20 } }"), table, "onnx");

        Assert.That(mlnetOutput.Format, Is.EqualTo("mlnet"));
        Assert.That(onnxOutput.Format, Is.EqualTo("onnx"));
        Assert.That(Path.GetFileName(onnxOutput.ModelFile), Is.EqualTo(OnnxExporter.FileName));
        Assert.That(onnxOutput.Parameters["export"], Is.EqualTo("onnx"));
        // One model per run: a registry or a package step must not be able to pick up a stray model.zip.
        Assert.That(Directory.GetFiles(onnxDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "model.onnx", "model.json" }));

        using var mlnet = ModelLoader.Load(mlnetDir);
        using var onnx = ModelLoader.Load(onnxDir);
        Assert.That(onnx, Is.InstanceOf<Onnx.OnnxModel>());
        var expected = mlnet.Predict(table).Values!;
        var actual = onnx.Predict(table).Values!;
        var worst = expected.Select((v, i) => Math.Abs(v - actual[i]) / Math.Max(Math.Abs(v), 1e-6)).Max();
        Assert.That(worst, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public async Task Multiclass_tree_export_fails_before_training_and_says_what_works()
    {
        var config = Config("model: { name: iris, task: multiclass-classification, label: species }\ntrain: { export: onnx, mlnet: { trainer: fasttree } }");
        var table = TableLoader.Load(SharedData.Dataset("iris.csv"));
        var e = (await Assert.ThrowsAsync<InvalidInputException>(() => Train(config, table, "iris")))!;
        Assert.That(e.Message, Does.Contain("train.export: onnx is not supported for multiclass fasttree").And.Contain("trainer linear"));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "iris")), Is.Empty, "nothing is written when the export cannot be made");
    }

    private async Task<(string Dir, TrainerOutput Output)> Train(MlOpsConfig config, Table table, string sub)
    {
        var features = table.Columns.Where(c => c.Name != config.Model.Label).Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        var classes = config.Model.Task == ModelTask.Regression ? [] : Labels.Distinct(table[config.Model.Label]);
        var dir = Directory.CreateDirectory(Path.Combine(_dir, sub)).FullName;
        var output = await new MlNetTrainer().TrainAsync(new TrainingContext(config, table, features, classes, dir, 3, _ => { }));
        new ModelCard(config.Model.Name, output.Format, Path.GetFileName(output.ModelFile), config.Model.Task, config.Model.Label,
            config.Model.Positive, classes, features).Save(dir);
        return (dir, output);
    }
}
