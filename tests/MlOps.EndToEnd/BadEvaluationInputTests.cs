namespace MlOps.EndToEnd;

/// <summary>Evaluation inputs that must stop with a clear message (exit 2), write no report and touch no registry.</summary>
public class BadEvaluationInputTests
{
    private static string Script => Path.Combine(TestContext.CurrentContext.TestDirectory, "Assets", "logistic_onnx.py");

    [Test]
    public void A_model_that_returns_nan_scores_is_named_with_the_first_row()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("breast_cancer_wisconsin.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{train}}, test: {{test}} }
            train: { backend: command, command: { run: /usr/bin/python3 {{Script}}, env: { NAN_WEIGHTS: "1" } } }
            """);
        Assert.That(ws.Mlops("train", "--output", "nan").ExitCode, Is.EqualTo(0));
        var gate = ws.Mlops("evaluate", "--model", "nan", "--report", "report");
        Assert.That(gate.ExitCode, Is.EqualTo(2), gate.ToString());
        Assert.That(gate.Stderr, Does.Match(@"model 'cancer' returned NaN or infinite scores for 114 of 114 rows \(first at .*test_breast_cancer_wisconsin\.csv:2\)"));
        Assert.That(Directory.Exists(ws.PathOf("report")), Is.False);
    }

    [Test]
    public void Labels_the_model_never_saw_and_a_baseline_of_another_task_are_errors()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("iris.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 10, min-leaf: 2 } }
            """);
        Assert.That(ws.Mlops("train", "--output", "iris").ExitCode, Is.EqualTo(0));
        var lines = File.ReadAllLines(test);
        lines[3] = lines[3].Replace("setosa", "arctica");
        var unseen = ws.Write("unseen.csv", string.Join("\n", lines) + "\n");
        var run = ws.Mlops("evaluate", "--model", "iris", "--data", unseen);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("unseen.csv:4: class 'arctica' of 'species' is unknown to the model (classes: setosa, versicolor, virginica)"));

        ws.Write("cancer.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{Workspace.Dataset("breast_cancer_wisconsin.csv")}}, test: {{Workspace.Dataset("breast_cancer_wisconsin.csv")}} }
            train: { mlnet: { trees: 10 } }
            """);
        Assert.That(ws.Mlops("train", "--config", "cancer.yml", "--output", "cancer").ExitCode, Is.EqualTo(0));
        var mixed = ws.Mlops("evaluate", "--config", "cancer.yml", "--model", "cancer", "--baseline", "iris");
        Assert.That(mixed.ExitCode, Is.EqualTo(2), mixed.ToString());
        Assert.That(mixed.Stderr, Does.Contain("cannot compare 'cancer' (binary-classification, label diagnosis) with 'iris' (multiclass-classification, label species)"));
        Assert.That(Directory.Exists(ws.PathOf(".mlops/registry")), Is.False, "evaluate never writes to the registry");
    }

    [Test]
    public void A_slice_with_one_class_is_reported_as_not_gated()
    {
        using var ws = new Workspace();
        ws.WriteAdultConfig();
        var config = File.ReadAllText(ws.PathOf("mlops.yml")).Replace("evaluate:\n", "evaluate:\n  slices: { columns: [native_country], min-size: 1, max-regression: { auc: 0.05 } }\n");
        ws.Write("mlops.yml", config);
        Assert.That(ws.Mlops("train", "--output", "prod").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "prod").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "adult-income:1").ExitCode, Is.EqualTo(0));
        var gate = ws.Mlops("evaluate", "--model", "prod", "--data", Workspace.Dataset("adult_test.csv"));
        Assert.That(gate.ExitCode, Is.EqualTo(0), gate.ToString());
        Assert.That(gate.Stdout + gate.Stderr, Does.Contain("auc is undefined there (e.g. only one class present), so it is not gated"));
    }
}
