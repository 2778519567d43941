using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

public class ConfigLoaderTests
{
    private static MlOpsConfig Parse(string yaml) =>
        ConfigLoader.Parse(new StringReader(yaml), "/repo/mlops.yml", "mlops.yml");

    private static string ErrorOf(string yaml) =>
        Assert.Throws<InvalidInputException>(() => Parse(yaml))!.Message;

    private const string Minimal = """
        model: { name: adult-income, task: binary-classification, label: income, positive: ">50K" }
        data: { train: data/train.csv, test: data/test.csv }
        """;

    [Test]
    public void Full_config_is_read_with_paths_relative_to_the_file()
    {
        var config = Parse("""
            model: { name: adult-income, task: binary-classification, label: income, positive: ">50K" }
            data:
              train: data/adult_train.csv
              test: ../shared/adult_test.csv
              exclude: [fnlwgt]
              types: { education_num: categorical }
            train: { backend: mlnet, seed: 7, mlnet: { trainer: lightgbm, trees: 50 } }
            evaluate:
              metrics: [auc, accuracy]
              thresholds: { auc: ">= 0.85", logloss: "< 0.4" }
              baseline: { alias: champion, margin: { auc: 0.005, f1: "2%" } }
            registry: { path: reg }
            deploy: { test: { target: local, port: 0 } }
            """);
        Assert.That(config.Model.Task, Is.EqualTo(ModelTask.BinaryClassification));
        Assert.That(config.Model.Positive, Is.EqualTo(">50K"));
        Assert.That(config.Data.Train, Is.EqualTo("/repo/data/adult_train.csv"));
        Assert.That(config.Data.Test, Is.EqualTo("/shared/adult_test.csv"));
        Assert.That(config.Data.Exclude, Is.EqualTo(new[] { "fnlwgt" }));
        Assert.That(config.Data.Types["education_num"], Is.EqualTo(ColumnKind.Categorical));
        Assert.That(config.Train.Seed, Is.EqualTo(7));
        Assert.That(config.Train.MlNet.Trainer, Is.EqualTo("lightgbm"));
        Assert.That(config.Train.MlNet.Trees, Is.EqualTo(50));
        Assert.That(config.Evaluate.Thresholds, Has.Count.EqualTo(2));
        Assert.That(config.Evaluate.Thresholds[1], Is.EqualTo(new ThresholdRule("logloss", Comparison.Below, 0.4)));
        Assert.That(config.Evaluate.Baseline.Alias, Is.EqualTo("champion"));
        Assert.That(config.Evaluate.Baseline.Margins, Is.EqualTo(new[] { new MarginRule("auc", 0.005, false), new MarginRule("f1", 0.02, true) }));
        Assert.That(config.Registry.Path, Is.EqualTo("/repo/reg"));
        Assert.That(config.Deploy["test"].Target, Is.EqualTo("local"));
    }

    [Test]
    public void Defaults_gate_the_primary_metric_against_production()
    {
        var config = Parse(Minimal);
        Assert.That(config.Train.Backend, Is.EqualTo("mlnet"));
        Assert.That(config.Train.MlNet.Trainer, Is.EqualTo("fasttree"));
        Assert.That(config.Evaluate.Baseline.Enabled, Is.True);
        Assert.That(config.Evaluate.Baseline.Alias, Is.EqualTo("production"));
        Assert.That(config.Evaluate.Baseline.Margins.Single().Metric, Is.EqualTo("auc"));
        Assert.That(config.Registry.Path, Is.EqualTo("/repo/.mlops/registry"));
    }

    [Test]
    public void Unknown_key_names_line_column_and_suggests_the_right_key()
    {
        var message = ErrorOf(Minimal + "\nevaluate:\n  treshold: { auc: \">= 0.8\" }\n");
        Assert.That(message, Does.StartWith("mlops.yml:4:3: unknown key 'treshold' in 'evaluate'"));
        Assert.That(message, Does.Contain("did you mean 'thresholds'"));
    }

    [Test]
    public void Missing_required_value_is_reported_where_the_mapping_starts()
    {
        var message = ErrorOf("model: { name: x, task: regression }\n");
        Assert.That(message, Does.StartWith("mlops.yml:1:8: missing required key 'label' in 'model'"));
    }

    [Test]
    public void Wrong_type_is_reported_with_position()
    {
        Assert.That(ErrorOf(Minimal + "\ntrain: { seed: many }\n"), Does.StartWith("mlops.yml:3:16: 'train.seed' must be a whole number, found 'many'"));
        Assert.That(ErrorOf("model: { name: x, task: regression, label: y }\ndata: [a]\n"), Does.StartWith("mlops.yml:2:7: 'data' must be a mapping"));
    }

    [Test]
    public void Unknown_task_metric_and_bad_threshold_are_errors()
    {
        Assert.That(ErrorOf("model: { name: x, task: clustering, label: y }"), Does.Contain("model.task must be one of binary-classification, multiclass-classification, regression"));
        Assert.That(ErrorOf(Minimal + "\nevaluate: { thresholds: { rmse: \"< 3\" } }\n"), Does.StartWith("mlops.yml:3:").And.Contain("unknown metric 'rmse' for binary-classification"));
        Assert.That(ErrorOf(Minimal + "\nevaluate: { thresholds: { auc: \"about 0.8\" } }\n"), Does.Contain("must start with >=, >, <= or <"));
        Assert.That(ErrorOf(Minimal + "\nevaluate: { baseline: { margin: { auc: -1 } } }\n"), Does.Contain("non-negative"));
    }

    [Test]
    public void Invalid_yaml_reports_the_parser_position()
    {
        Assert.That(ErrorOf("model: { name: x\n  task: [\n"), Does.Match(@"^mlops\.yml:\d+:\d+: invalid YAML"));
    }

    [Test]
    public void Command_backend_needs_a_command()
    {
        Assert.That(ErrorOf(Minimal + "\ntrain: { backend: command }\n"), Does.Contain("train.command is missing"));
        var config = Parse(Minimal + "\ntrain: { backend: command, command: { run: python train.py, env: { A: b } } }\n");
        Assert.That(config.Train.Command!.Run, Is.EqualTo("python train.py"));
        Assert.That(config.Train.Command.WorkingDirectory, Is.EqualTo("/repo"));
    }

    [Test]
    public void Baseline_can_be_turned_off_and_deploy_host_must_be_loopback()
    {
        Assert.That(Parse(Minimal + "\nevaluate: { baseline: false }\n").Evaluate.Baseline.Enabled, Is.False);
        Assert.That(ErrorOf(Minimal + "\ndeploy: { test: { host: 10.0.0.1 } }\n"), Does.Contain("loopback"));
    }

    [Test]
    public void Missing_file_is_invalid_input()
    {
        var e = Assert.Throws<InvalidInputException>(() => ConfigLoader.Load("/nonexistent/mlops.yml"))!;
        Assert.That(e.ExitCode, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("/nonexistent/mlops.yml: config file not found"));
    }

    [Test]
    public void Significance_defaults_to_a_seeded_paired_bootstrap_and_is_validated()
    {
        var defaults = Parse(Minimal).Evaluate.Significance;
        Assert.That(defaults, Is.EqualTo(new MlOps.Core.Statistics.SignificanceSettings("paired-bootstrap", 1000, 0.05, 0, "significant")));
        var strict = Parse(Minimal + "\nevaluate: { significance: { resamples: 2000, alpha: 0.01, rule: strict, seed: 3 } }\n").Evaluate.Significance;
        Assert.That((strict.Resamples, strict.Alpha, strict.Rule, strict.Seed), Is.EqualTo((2000, 0.01, "strict", 3)));
        Assert.That(Parse(Minimal + "\nevaluate: { significance: false }\n").Evaluate.Significance.Enabled, Is.False);
        Assert.That(ErrorOf(Minimal + "\nevaluate: { significance: { rule: lenient } }\n"), Does.Contain("must be one of significant, strict"));
        Assert.That(ErrorOf(Minimal + "\nevaluate: { significance: { resamples: 10 } }\n"), Does.Contain("between 100 and 100000"));
    }

    [Test]
    public void Slices_and_fairness_are_read_in_both_forms_and_validated()
    {
        Assert.That(Parse(Minimal + "\nevaluate: { slices: [sex, race] }\n").Evaluate.Slices.Columns, Is.EqualTo(new[] { "sex", "race" }));
        var e = Parse(Minimal + "\nevaluate:\n  slices: { columns: [race], min-size: 300, max-regression: { auc: 0.02 } }\n  fairness: { sensitive: sex, demographic-parity-ratio: \">= 0.8\" }\n").Evaluate;
        Assert.That((e.Slices.MinSize, e.Slices.MaxRegression.Single().Metric), Is.EqualTo((300, "auc")));
        Assert.That(e.Fairness.Sensitive, Is.EqualTo("sex"));
        Assert.That(e.Fairness.Thresholds.Single(), Is.EqualTo(new ThresholdRule("demographic-parity-ratio", Comparison.AtLeast, 0.8)));
        Assert.That(ErrorOf(Minimal + "\nevaluate: { fairness: { sensitive: sex, parity: \">= 1\" } }\n"), Does.Contain("unknown key 'parity' in 'evaluate.fairness'"));
        Assert.That(ErrorOf("model: { name: x, task: regression, label: y }\nevaluate: { fairness: { sensitive: sex } }\n"), Does.Contain("applies to binary-classification"));
    }
}
