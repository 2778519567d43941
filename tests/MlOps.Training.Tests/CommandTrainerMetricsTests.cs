using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Training;

namespace MlOps.Training.Tests;

/// <summary>A command trainer's own metrics (metrics.json) are picked up; a malformed file is an exit-3 error naming it.</summary>
public class CommandTrainerMetricsTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-cmd-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs a command that writes an (empty) model.onnx and, if given, this metrics.json.</summary>
    private async Task<TrainerOutput> Train(string? metricsJson)
    {
        if (metricsJson is not null) File.WriteAllText(Path.Combine(_dir, "metrics-src.json"), metricsJson);
        var copy = metricsJson is null ? "" : "cp metrics-src.json \"$MLOPS_OUTPUT_DIR/metrics.json\" && ";
        var yaml = $"""
            model: {"{"} name: c, task: binary-classification, label: diagnosis, positive: malignant {"}"}
            train:
              backend: command
              command: {"{"} run: '{copy}: > "$MLOPS_OUTPUT_DIR/model.onnx"' {"}"}
            """;
        var config = ConfigLoader.Parse(new StringReader(yaml), Path.Combine(_dir, "mlops.yml"), "mlops.yml");
        var table = TableLoader.Load(SharedData.Dataset("iris.csv"));
        var features = table.Columns.Where(c => c.Name != "species").Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        var output = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        return await new CommandTrainer().TrainAsync(new TrainingContext(config, table, features, [], output, 7, _ => { }));
    }

    [Test]
    public async Task Metrics_json_is_picked_up_with_nested_objects_flattened()
    {
        var result = await Train("""{ "train_auc": 0.93, "validation": { "auc": 0.91, "log_loss": 0.28 }, "rows": 100 }""");
        Assert.That(result.Metrics, Is.Not.Null);
        Assert.That(result.Metrics!, Is.EquivalentTo(new Dictionary<string, double>
        {
            ["train_auc"] = 0.93, ["validation.auc"] = 0.91, ["validation.log_loss"] = 0.28, ["rows"] = 100,
        }));
        Assert.That(result.Format, Is.EqualTo("onnx"));
    }

    [Test]
    public async Task No_metrics_json_means_no_trainer_metrics()
    {
        var result = await Train(null);
        Assert.That(result.Metrics, Is.Null);
    }

    [Test]
    public async Task Metrics_json_that_is_not_json_is_exit_3_naming_the_file()
    {
        var e = await Assert.ThrowsAsync<ExternalFailureException>(() => Train("{ \"validation_auc\": 0.91, }"));
        Assert.That(e!.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
        Assert.That(e.Message, Does.StartWith("train.command wrote an invalid metrics.json:"));
        Assert.That(e.Message, Does.Contain("JSON object of metric names and numbers"));
    }

    [Test]
    public async Task A_metric_that_is_not_a_number_is_named()
    {
        var e = await Assert.ThrowsAsync<ExternalFailureException>(() => Train("""{ "train_auc": 0.93, "validation": { "auc": "0.91" } }"""));
        Assert.That(e!.ExitCode, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("metrics.json").And.Contain("'validation.auc' is a string (\"0.91\"), not a number"));
    }

    [Test]
    public async Task A_list_instead_of_an_object_is_rejected()
    {
        var e = await Assert.ThrowsAsync<ExternalFailureException>(() => Train("[0.91, 0.28]"));
        Assert.That(e!.Message, Does.Contain("invalid metrics.json: the top level is an array"));
    }
}
