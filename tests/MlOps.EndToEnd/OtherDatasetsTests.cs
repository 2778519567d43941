using System.Text.Json;

namespace MlOps.EndToEnd;

/// <summary>The same chain works on the other shared datasets and tasks, and with any-language trainers.</summary>
public class OtherDatasetsTests
{
    [Test]
    public void Iris_multiclass_trains_gates_and_compares()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("iris.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 20, min-leaf: 2 } }
            evaluate: { thresholds: { accuracy: ">= 0.9", macro-f1: ">= 0.9" } }
            """);
        Assert.That(ws.Mlops("train", "--output", "a").ExitCode, Is.EqualTo(0));
        var gate = ws.Mlops("evaluate", "--model", "a");
        Assert.That(gate.ExitCode, Is.EqualTo(0), gate.ToString());
        var markdown = File.ReadAllText(ws.PathOf(".mlops/report/report.md"));
        Assert.That(markdown, Does.Contain("**Per class**").And.Contain("| | setosa | versicolor | virginica |"));
        Assert.That(markdown, Does.Contain("| **setosa** | 10 | 0 | 0 |"), "setosa is separable: all ten test rows right");
        var strict = ws.Write("strict.yml", File.ReadAllText(ws.PathOf("mlops.yml")).Replace(">= 0.9", ">= 0.999"));
        var failing = ws.Mlops("evaluate", "--config", strict, "--model", "a", "--report", "strict-report");
        Assert.That(failing.ExitCode, Is.AnyOf(0, 1));
        using var report = JsonDocument.Parse(File.ReadAllText(ws.PathOf("strict-report/report.json")));
        var accuracy = report.RootElement.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("name").GetString() == "accuracy").GetProperty("candidate").GetDouble();
        Assert.That(failing.ExitCode, Is.EqualTo(accuracy >= 0.999 ? 0 : 1), "exit code follows the threshold");
    }

    [Test]
    public void California_housing_regression_gates_on_rmse_against_production()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("california_housing.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: housing, task: regression, label: median_house_value }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 100 } }
            evaluate:
              thresholds: { r2: ">= 0.7" }
              baseline: { margin: { rmse: "2%" } }
            """);
        Assert.That(ws.Mlops("train", "--output", "prod").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "prod").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "housing:1").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("train", "--output", "weak", "--exclude", "median_income,latitude,longitude").ExitCode, Is.EqualTo(0));
        var gate = ws.Mlops("evaluate", "--model", "weak");
        Assert.That(gate.ExitCode, Is.EqualTo(1), gate.ToString());
        Assert.That(gate.Stdout, Does.Contain("rmse").And.Contain("regressed beyond the margin 2%"));
    }

    [Test]
    public void Command_backend_trains_an_onnx_model_in_python_that_evaluate_scores()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("breast_cancer_wisconsin.csv");
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Assets", "logistic_onnx.py");
        ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{train}}, test: {{test}} }
            train: { backend: command, command: { run: /usr/bin/python3 {{script}} } }
            evaluate: { thresholds: { auc: ">= 0.95" } }
            """);
        var run = ws.Mlops("train", "--output", "py");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("trained on 455 rows, 30 features"), "the trainer's output is streamed");
        Assert.That(File.Exists(ws.PathOf("py/model.onnx")), Is.True);
        using (var record = JsonDocument.Parse(File.ReadAllText(ws.PathOf("py/run.json"))))
        {
            Assert.That(record.RootElement.GetProperty("parameters").GetProperty("epochs").GetString(), Is.EqualTo("500"));
            Assert.That(record.RootElement.GetProperty("data")[0].GetProperty("rows").GetInt32(), Is.EqualTo(455));
        }
        var gate = ws.Mlops("evaluate", "--model", "py");
        Assert.That(gate.ExitCode, Is.EqualTo(0), gate.ToString());
        Assert.That(gate.Stdout, Does.Match(@"auc = 0\.9\d+ meets >= 0\.95"));
    }

    [Test]
    public void Failing_command_is_exit_3_with_its_last_lines()
    {
        using var ws = new Workspace();
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Assets", "logistic_onnx.py");
        ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{Workspace.Dataset("breast_cancer_wisconsin.csv")}} }
            train: { backend: command, command: { run: /usr/bin/python3 {{script}}, env: { FAIL_AFTER_OUTPUT: "1" } } }
            """);
        var run = ws.Mlops("train", "--output", "py");
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain("train.command exited with code 7; its last lines:"));
        Assert.That(run.Stderr, Does.Contain("ValueError: training diverged"));
        Assert.That(run.Stderr, Does.Not.Contain("epoch 5:"), "only the last lines are repeated");
        Assert.That(Directory.Exists(ws.PathOf("py")), Is.False);
    }

    [Test]
    public void Bike_sharing_2012_drifts_from_2011_and_the_leak_and_invariants_are_reported()
    {
        using var ws = new Workspace();
        var lines = File.ReadAllLines(Workspace.Dataset("bike_sharing_hour.csv"));
        var yr = Array.IndexOf(lines[0].Split(','), "yr");
        ws.Write("y2011.csv", string.Join("\n", lines.Skip(1).Where(l => l.Split(',')[yr] == "0").Prepend(lines[0])) + "\n");
        ws.Write("y2012.csv", string.Join("\n", lines.Skip(1).Where(l => l.Split(',')[yr] == "1").Prepend(lines[0])) + "\n");
        ws.Write("mlops.yml", """
            model: { name: bikes, task: regression, label: cnt }
            data: { train: y2011.csv, test: y2012.csv, exclude: [instant, dteday, yr, casual] }
            train: { mlnet: { trees: 30 } }
            evaluate:
              data:
                drift: { psi: "< 0.25" }
                invariants: { weathersit: { max: 3 }, hum: { min: 0, max: 1 } }
            """);
        var train = ws.Mlops("train", "--output", "m");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        Assert.That(train.Stderr, Does.Contain("possible label leak: 'registered' predicts 'cnt' almost perfectly"));
        Assert.That(File.Exists(ws.PathOf("m/profile.json")), Is.True);

        var gate = ws.Mlops("evaluate", "--model", "m");
        Assert.That(gate.ExitCode, Is.EqualTo(1), gate.ToString());
        Assert.That(gate.Stdout, Does.Contain("'registered' drifted from the training data: PSI"));
        Assert.That(gate.Stdout, Does.Match(@"invariant 'max 3' of 'weathersit' is broken in 2 row\(s\), first at .*y2012\.csv:\d+"));
        Assert.That(gate.Stdout, Does.Not.Contain("'hum' drifted"), "humidity is stable across the years");
        Assert.That(File.ReadAllText(ws.PathOf(".mlops/report/report.md")), Does.Contain("| registered | numeric |"));
    }
}
