using System.Text;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Init;

/// <summary>
/// The starter mlops.yml: the model and data init knows about, the gate settings a first pipeline needs (report every
/// metric, compare with production with a small margin), and commented hints for the rest. Paths are written relative
/// to the folder of mlops.yml, which is how ConfigLoader resolves them.
/// </summary>
public static class StarterConfig
{
    private const string Placeholder = "  # TODO: replace with your file (CSV with a header row)";

    public static string Write(StarterModel model, string directory)
    {
        var y = new StringBuilder();
        y.AppendLine("# mlops.yml: what to train, how to gate it and where it goes. Written by `mlops init`; every key is in the");
        y.AppendLine("# README's \"mlops.yml reference\". Check the guesses marked 'inferred' before the first pipeline run.");
        y.AppendLine("model:");
        y.AppendLine($"  name: {YamlScalar.Of(model.Name)}");
        y.AppendLine($"  task: {model.Task.ToName()}{Comment(model.TaskReason is null ? null : "inferred: " + model.TaskReason)}");
        y.AppendLine($"  label: {YamlScalar.Of(model.Label)}");
        if (model.Positive is not null)
            y.AppendLine($"  positive: {YamlScalar.Of(model.Positive)}{Comment(model.PositiveReason is null ? null : "inferred: " + model.PositiveReason)}");
        y.AppendLine();

        y.AppendLine("data:");
        y.AppendLine($"  train: {DataPath(model.Train, directory, "data/train.csv")}");
        y.AppendLine($"  test: {DataPath(model.Test, directory, "data/test.csv")}");
        if (model.Excluded.Count > 0)
        {
            y.AppendLine("  exclude:                 # columns that are not features (inferred; keep the reasons in mind)");
            foreach (var e in model.Excluded)
                y.AppendLine($"    - {YamlScalar.Of(e.Column)}{Comment(e.Reason)}");
        }
        y.AppendLine();

        y.AppendLine("train:");
        y.AppendLine("  backend: mlnet           # or command: { run: python train.py } for your own training code");
        y.AppendLine("  seed: 42");
        y.AppendLine("  mlnet: { trainer: fasttree }");
        y.AppendLine();

        var primary = MetricCatalog.Primary(model.Task);
        y.AppendLine("evaluate:");
        y.AppendLine($"  metrics: [{string.Join(", ", MetricCatalog.For(model.Task).Select(m => m.Name))}]");
        y.AppendLine($"  # thresholds: {{ {primary}: \"{Floor(model.Task)}\" }}   # a floor every candidate must reach; set it once you know a good value");
        y.AppendLine("  baseline:");
        y.AppendLine("    alias: production      # the PR's model is scored on the same rows as the model aliased production");
        y.AppendLine($"    margin: {{ {primary}: {Margin(model.Task)} }}   # and may be at most this much worse");
        if (model.SliceCandidates.Count > 0)
            y.AppendLine($"  # slices: [{string.Join(", ", model.SliceCandidates.Select(YamlScalar.Of))}]   # gate each group too, not only the average");
        y.AppendLine();

        y.AppendLine("registry:");
        y.AppendLine("  path: .mlops/registry    # fine on one machine; a pipeline needs a registry that outlives the agent (backend: azureml)");
        y.AppendLine();
        y.AppendLine("deploy:");
        y.AppendLine("  test: { target: local, port: 0 }   # 0 = any free port on 127.0.0.1");
        return y.ToString();
    }

    private static string Comment(string? text) => text is null ? "" : $"   # {text.Replace('\n', ' ')}";

    private static string DataPath(string? path, string directory, string placeholder)
    {
        if (path is null) return placeholder + Placeholder;
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(directory, full);
        return YamlScalar.Of((Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/'));
    }

    private static string Floor(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => ">= 0.80",
        ModelTask.MulticlassClassification => ">= 0.70",
        _ => "<= 100",
    };

    /// <summary>Half a point of AUC or F1; for RMSE, whose scale is the label's, a relative margin.</summary>
    private static string Margin(ModelTask task) => task == ModelTask.Regression ? "\"1%\"" : "0.005";
}
