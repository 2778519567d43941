namespace MlOps.EndToEnd;

/// <summary>Help, exit codes and the errors a user meets first: each names what is wrong and where, and writes nothing.</summary>
public class CliContractTests
{
    [TestCase("train", "--exclude")]
    [TestCase("evaluate", "--baseline")]
    [TestCase("register", "--model")]
    [TestCase("promote", "NAME:VERSION")]
    [TestCase("demote", "NAME@ALIAS")]
    [TestCase("archive", "NAME:VERSION")]
    [TestCase("compare", "--challenger")]
    [TestCase("serve", "--port")]
    [TestCase("deploy", "--stop")]
    [TestCase("monitor", "--skip-other-versions")]
    [TestCase("package", "--validate")]
    [TestCase("init", "--force")]
    public void Every_verb_has_help_with_examples(string verb, string option)
    {
        using var ws = new Workspace();
        var run = ws.Mlops(verb, "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("USAGE:").And.Contain($"mlops {verb}").And.Contain(option));
    }

    [Test]
    public void Top_level_help_lists_verbs_and_exit_codes()
    {
        using var ws = new Workspace();
        var run = ws.Mlops("--help");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Stdout, Does.Contain("train").And.Contain("evaluate").And.Contain("deploy").And.Contain("1 quality gate failed"));
    }

    [Test]
    public void Package_without_a_self_contained_publish_names_the_publish_command_and_writes_nothing()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("iris.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 5, min-leaf: 2 } }
            """);
        Assert.That(ws.Mlops("train", "--output", "model").ExitCode, Is.EqualTo(0));

        var run = ws.Mlops("package", "model", "--output", "image");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--app PUBLISH_DIR is needed").And.Contain("dotnet publish src/MlOps.Cli -c Release -r linux-x64 --self-contained"));
        Assert.That(Directory.Exists(ws.PathOf("image")), Is.False);
    }

    [Test]
    public void Unknown_verb_or_missing_option_is_exit_2()
    {
        using var ws = new Workspace();
        Assert.That(ws.Mlops("trian").ExitCode, Is.EqualTo(2));
        var run = ws.Mlops("evaluate");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("model"));
    }

    [Test]
    public void A_bad_flag_value_or_unknown_flag_is_exit_2_naming_it()
    {
        using var ws = new Workspace();
        var badPort = ws.Mlops("serve", "--model", "m", "--port", "eighty");
        Assert.That(badPort.ExitCode, Is.EqualTo(2), badPort.ToString());
        Assert.That(badPort.Stderr, Does.Contain("port' is defined with a bad format"));
        var unknown = ws.Mlops("train", "--sed", "7");
        Assert.That(unknown.ExitCode, Is.EqualTo(2), unknown.ToString());
        Assert.That(unknown.Stderr, Does.Contain("Option 'sed' is unknown"));
    }

    [Test]
    public void Config_error_names_file_line_and_column_and_nothing_is_written()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", "model: { name: m, task: binary-classification, label: y }\ndata: { train: t.csv }\ntrain: { backend: mlnet, mlnet: { trees: lots } }\n");
        var run = ws.Mlops("train");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("mlops.yml:3:42: 'train.mlnet.trees' must be a whole number, found 'lots'"));
        Assert.That(Directory.Exists(ws.PathOf(".mlops")), Is.False);
    }

    [Test]
    public void Missing_label_column_fails_before_training_and_leaves_no_output()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", $"model: {{ name: m, task: binary-classification, label: salary }}\ndata: {{ train: {Workspace.Dataset("adult_train.csv")} }}\n");
        var run = ws.Mlops("train", "--output", "out");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("label column 'salary' (model.label) not found; columns are: age, workclass"));
        Assert.That(Directory.Exists(ws.PathOf("out")), Is.False);
        Assert.That(Directory.GetDirectories(ws.Root), Is.Empty, "no staging folder is left behind");
    }

    [Test]
    public void Missing_data_file_is_exit_2()
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", "model: { name: m, task: regression, label: y }\ndata: { train: nope.csv }\n");
        var run = ws.Mlops("train");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("nope.csv: data file not found"));
    }

    [Test]
    public void Unknown_model_reference_and_missing_alias_are_exit_2_with_a_useful_message()
    {
        using var ws = new Workspace();
        ws.WriteAdultConfig();
        var path = ws.Mlops("evaluate", "--model", "runs/nothing-here");
        Assert.That(path.ExitCode, Is.EqualTo(2));
        Assert.That(path.Stderr, Does.Contain("model 'runs/nothing-here' not found"));
        var alias = ws.Mlops("evaluate", "--model", "adult-income@staging");
        Assert.That(alias.ExitCode, Is.EqualTo(2));
        Assert.That(alias.Stderr, Does.Contain("model 'adult-income@staging' not found"));
        var promote = ws.Mlops("promote", "adult-income", "--alias", "production");
        Assert.That(promote.ExitCode, Is.EqualTo(2));
        Assert.That(promote.Stderr, Does.Contain("expected NAME:VERSION"));
    }

    [Test]
    public void Telco_blank_total_charges_are_treated_as_missing_with_a_warning_naming_the_column()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("telco_customer_churn.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: churn, task: binary-classification, label: Churn, positive: "Yes" }
            data: { train: {{train}}, test: {{test}}, exclude: [customerID] }
            train: { mlnet: { trees: 30 } }
            evaluate: { thresholds: { auc: ">= 0.75" } }
            """);
        var run = ws.Mlops("train", "--output", "m");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stderr + run.Stdout, Does.Match("column 'TotalCharges' has \\d+ whitespace-only value\\(s\\) \\(first at line \\d+\\), treated as missing"));
        var gate = ws.Mlops("evaluate", "--model", "m");
        Assert.That(gate.ExitCode, Is.EqualTo(0), gate.ToString());
    }
}
