using MlOps.CiHosts;
using MlOps.Steps.Common;
using MlOps.Steps.Evaluate;
using MlOps.Steps.Promote;
using MlOps.Steps.Register;
using MlOps.Steps.Train;

namespace MlOps.Steps.Tests;

/// <summary>What an Azure Pipelines job sees when the gate runs inside it: outputs, summary, annotations.</summary>
[TestFixture, NonParallelizable]
public class EvaluateStepHostTests
{
    private string _dir = "";
    private StringWriter _out = null!;
    private Dictionary<string, string> _env = null!;

    [SetUp]
    public void Create()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-steps-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _out = new StringWriter();
        _env = new Dictionary<string, string> { ["AGENT_TEMPDIRECTORY"] = _dir };
        var data = Dataset("breast_cancer_wisconsin.csv");
        File.WriteAllText(Path.Combine(_dir, "mlops.yml"), $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{data}}, test: {{data}} }
            train: { mlnet: { trees: 20 } }
            evaluate: { thresholds: { auc: ">= 0.9" }, baseline: { margin: { auc: 0.001 } } }
            """);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private StepContext Context() => new(new AzurePipelinesHost(k => _env.GetValueOrDefault(k), _out, TextWriter.Null), _out);

    /// <summary>Leaves a model only weak features, so it is clearly worse than production.</summary>
    private static List<string> AllColumnsBut(params string[] keep) =>
        File.ReadLines(Dataset("breast_cancer_wisconsin.csv")).First().Split(',').Except(keep).ToList();

    private static string Dataset(string file) => SharedData.Dataset(file);

    [Test]
    public async Task A_failed_gate_sets_outputs_uploads_the_report_and_logs_an_error()
    {
        var config = Path.Combine(_dir, "mlops.yml");
        var production = await new TrainStep(Context()).RunAsync(new TrainOptions(config, Path.Combine(_dir, "prod")));
        var version = await new RegisterStep(Context()).RunAsync(new RegisterStepOptions(config, production.OutputDirectory));
        await new PromoteStep(Context()).RunAsync(new PromoteOptions(version.Reference, "production", config));
        var weak = await new TrainStep(Context()).RunAsync(new TrainOptions(config, Path.Combine(_dir, "weak"),
            Exclude: AllColumnsBut("diagnosis", "smoothness_error", "symmetry_error", "fractal_dimension_error")));
        _out.GetStringBuilder().Clear();

        var result = await new EvaluateStep(Context()).RunAsync(new EvaluateOptions(config, weak.OutputDirectory));

        Assert.That(result.Passed, Is.False);
        var lines = _out.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines, Does.Contain("##vso[task.setvariable variable=gate_passed;isOutput=true;]false"));
        Assert.That(lines, Does.Contain($"##vso[task.setvariable variable=report_json;isOutput=true;]{result.ReportJson}"));
        Assert.That(lines, Has.Some.Match(@"^##vso\[task\.logissue type=error;\]quality gate failed: auc regressed$"));
        Assert.That(lines.First(l => l.StartsWith("##[group]")), Is.EqualTo("##[group]evaluate cancer"));
        var summary = lines.Single(l => l.StartsWith("##vso[task.uploadsummary]"))["##vso[task.uploadsummary]".Length..];
        Assert.That(Path.GetDirectoryName(summary), Is.EqualTo(_dir));
        Assert.That(File.ReadAllText(summary), Does.StartWith("## mlops gate · cancer: ❌ quality gate failed: auc regressed"));
    }
}
