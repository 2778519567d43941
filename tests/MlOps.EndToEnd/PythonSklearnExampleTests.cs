using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Models;

namespace MlOps.EndToEnd;

/// <summary>
/// examples/python-sklearn as a user runs it (a temp copy of the example beside a copy of the Adult data): scikit-learn
/// trains, train.py exports ONNX by hand, mlops picks up params.json and metrics.json, evaluate gates it, and ONNX
/// Runtime gives the same probabilities as sklearn's predict_proba.
/// </summary>
public class PythonSklearnExampleTests
{
    private const string Python = "/usr/bin/python3";

    private static string Examples
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples");
                if (File.Exists(Path.Combine(candidate, "python-sklearn", "train.py"))) return candidate;
            }
            throw new DirectoryNotFoundException("examples/python-sklearn/train.py not found above the test directory");
        }
    }

    /// <summary>Fails (never skips) with what to install when python3-sklearn or python3-onnx is missing.</summary>
    private static void RequirePython()
    {
        Assert.That(File.Exists(Python), Is.True, $"{Python} is missing: install python3, python3-sklearn and python3-onnx (./test.sh does)");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sklearn, onnx, numpy");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0),
            $"{Python} cannot import sklearn/onnx/numpy; install the Debian packages python3-sklearn and python3-onnx (./test.sh does):\n{error}");
    }

    private static void CopyFolder(string from, string to, Func<string, bool> include)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(f => include(Path.GetFileName(f))))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Test]
    public void Sklearn_example_trains_an_onnx_model_that_gates_and_scores_like_sklearn()
    {
        RequirePython();
        using var ws = new Workspace();
        CopyFolder(Path.Combine(Examples, "python-sklearn"), ws.PathOf("python-sklearn"), f => f is "mlops.yml" or "train.py");
        CopyFolder(Path.Combine(Examples, "adult-income", "data"), ws.PathOf("adult-income/data"), f => f.EndsWith(".csv"));
        var example = ws.PathOf("python-sklearn");

        // 1. train: the example's mlops.yml as is
        var train = MlOpsCli.Run(example, "train", "--output", "run");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        var runDir = Path.Combine(example, "run");
        using var metricsFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var validationAuc = metricsFile.RootElement.GetProperty("validation_auc").GetDouble();
        Assert.That(validationAuc, Is.InRange(0.90, 1.0), "sklearn's own validation AUC");
        Assert.That(train.Stdout, Does.Contain("trainer metrics: ").And.Contain(
            $"validation_auc {validationAuc.ToString("0.####", CultureInfo.InvariantCulture)}"), "metrics.json is shown in the train output");
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "run.json"))))
        {
            var root = record.RootElement;
            Assert.That(root.GetProperty("trainer").GetString(), Is.EqualTo("command"));
            Assert.That(root.GetProperty("modelFile").GetProperty("format").GetString(), Is.EqualTo("onnx"));
            var parameters = root.GetProperty("parameters");
            Assert.That(parameters.GetProperty("estimator").GetString(), Is.EqualTo("sklearn.ensemble.GradientBoostingClassifier"));
            Assert.That(parameters.GetProperty("n_estimators").GetString(), Is.EqualTo("150"), "params.json, set from train.command.env");
            Assert.That(parameters.GetProperty("random_state").GetString(), Is.EqualTo("42"), "MLOPS_SEED from train.seed");
            var trainerMetrics = root.GetProperty("trainerMetrics");
            foreach (var metric in metricsFile.RootElement.EnumerateObject())
                Assert.That(trainerMetrics.GetProperty(metric.Name).GetDouble(), Is.EqualTo(metric.Value.GetDouble()), $"run.json trainerMetrics.{metric.Name}");
            Assert.That(root.GetProperty("features").EnumerateArray().Select(f => f.GetString()), Does.Not.Contain("fnlwgt"));
        }

        // 2. register: an ONNX model with its params and metrics, without the comparison file
        var register = MlOpsCli.Run(example, "register", "--model", "run");
        Assert.That(register.ExitCode, Is.EqualTo(0), register.ToString());
        Assert.That(register.Stdout.TrimEnd().Split('\n')[^1].Trim(), Is.EqualTo("adult-sklearn:1"));
        var files = register.Stdout.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("files:"))["files:".Length..].Trim();
        Assert.That(ModelLoader.ReadCard(files).Format, Is.EqualTo("onnx"));
        Assert.That(File.Exists(Path.Combine(files, "model.onnx")), Is.True);
        Assert.That(File.Exists(Path.Combine(files, "metrics.json")) && File.Exists(Path.Combine(files, "params.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(files, "sklearn_test_proba.csv")), Is.False, "the comparison file is not part of the model");

        // 3. evaluate with ONNX Runtime on the Adult test set
        var evaluate = MlOpsCli.Run(example, "evaluate", "--model", "adult-sklearn:1");
        Assert.That(evaluate.ExitCode, Is.EqualTo(0), evaluate.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(example, ".mlops", "report", "report.json")));
        var auc = report.RootElement.GetProperty("metrics").EnumerateArray()
            .First(m => m.GetProperty("name").GetString() == "auc").GetProperty("candidate").GetDouble();
        TestContext.Out.WriteLine($"Adult test AUC (ONNX Runtime): {auc:0.0000}; sklearn validation AUC {validationAuc:0.0000}");
        Assert.That(auc, Is.GreaterThanOrEqualTo(0.90));

        // 4. ONNX Runtime's probabilities are sklearn's predict_proba, row for row
        var sklearn = File.ReadAllLines(Path.Combine(runDir, "sklearn_test_proba.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        using var model = ModelLoader.Load(runDir);
        var onnx = model.Predict(ModelInput.LoadCsv(ws.PathOf("adult-income/data/adult_test.csv"), model.Card)).Probabilities!;
        Assert.That(onnx, Has.Length.EqualTo(16_281).And.Length.EqualTo(sklearn.Length));
        var diffs = onnx.Zip(sklearn, (a, b) => Math.Abs(a - b)).ToArray();
        var worst = Array.IndexOf(diffs, diffs.Max());
        TestContext.Out.WriteLine($"max |ONNX Runtime - sklearn| = {diffs[worst]:G3} (test row {worst})");
        Assert.That(diffs[worst], Is.LessThanOrEqualTo(1e-5),
            $"test row {worst}: ONNX Runtime {onnx[worst]:R}, sklearn {sklearn[worst]:R}");
    }

    [Test]
    public void Sklearn_example_refuses_a_task_it_does_not_train_with_exit_3_and_a_clear_message()
    {
        RequirePython();
        using var ws = new Workspace();
        CopyFolder(Path.Combine(Examples, "python-sklearn"), ws.PathOf("python-sklearn"), f => f is "train.py");
        var (train, _) = ws.Split("iris.csv");
        ws.Write("python-sklearn/mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}} }
            train: { backend: command, command: { run: /usr/bin/python3 train.py } }
            """);
        var run = MlOpsCli.Run(ws.PathOf("python-sklearn"), "train", "--output", "run");
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain("MLOPS_TASK is 'multiclass-classification', but this example trains binary classifiers only"));
        Assert.That(Directory.Exists(ws.PathOf("python-sklearn/run")), Is.False);
    }
}
