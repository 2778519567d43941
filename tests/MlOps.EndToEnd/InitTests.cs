namespace MlOps.EndToEnd;

/// <summary>`mlops init` as a user runs it in a fresh repository, then the first command they run next.</summary>
public class InitTests
{
    [Test]
    public void Init_from_a_csv_writes_a_config_that_mlops_train_runs_with()
    {
        using var ws = new Workspace();
        ws.Split("iris.csv");

        var init = ws.Mlops("init", "--host", "github", "--data", "data/train_iris.csv", "--test", "data/test_iris.csv", "--label", "species", "--model", "iris");

        Assert.That(init.ExitCode, Is.EqualTo(0), init.ToString());
        Assert.That(init.Stdout, Does.Contain("wrote .github/workflows/mlops-pr-gate.yml").And.Contain("wrote mlops.yml").And.Contain("next steps:"));
        Assert.That(File.ReadAllText(ws.PathOf("mlops.yml")), Does.Contain("task: multiclass-classification").And.Contain("train: data/train_iris.csv"));
        var train = ws.Mlops("train", "--output", "model");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        Assert.That(File.Exists(ws.PathOf("model/model.json")), train.ToString());
    }

    [Test]
    public void A_second_init_is_exit_2_listing_the_conflicts_and_changes_nothing()
    {
        using var ws = new Workspace();
        Assert.That(ws.Mlops("init", "--host", "azure-pipelines").ExitCode, Is.EqualTo(0));
        ws.Write("mlops.yml", "edited");

        var again = ws.Mlops("init", "--host", "azure-pipelines");

        Assert.That(again.ExitCode, Is.EqualTo(2), again.ToString());
        Assert.That(again.Stderr, Does.Contain("  mlops.yml").And.Contain("  pipelines/azure-pipelines/").And.Contain("pass --force"));
        Assert.That(File.ReadAllText(ws.PathOf("mlops.yml")), Is.EqualTo("edited"));
        Assert.That(ws.Mlops("init", "--host", "azure-pipelines", "--force").ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(ws.PathOf("mlops.yml")), Does.StartWith("# mlops.yml"));
    }

    [TestCase("--host", "gitlab", "--host 'gitlab' is not a CI host: expected github or azure-pipelines")]
    [TestCase("--task", "classification", "--task 'classification' is not a task: expected binary-classification, multiclass-classification, regression")]
    public void An_unknown_choice_is_exit_2_naming_the_choices(string flag, string value, string message)
    {
        using var ws = new Workspace();

        var run = ws.Mlops("init", flag, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain(message));
        Assert.That(Directory.EnumerateFileSystemEntries(ws.Root), Is.Empty);
    }
}
