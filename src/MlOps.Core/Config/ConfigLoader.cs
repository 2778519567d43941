using System.Security.Cryptography;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Slicing;
using MlOps.Core.Statistics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.Core.Config;

/// <summary>Reads and validates mlops.yml; nothing runs before this has passed.</summary>
public static class ConfigLoader
{
    public const string DefaultFileName = "mlops.yml";

    public static MlOpsConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InvalidInputException($"{path}: config file not found (create one with the keys in README's mlops.yml reference)");
        var bytes = File.ReadAllBytes(full);
        using var text = new StreamReader(new MemoryStream(bytes));
        return Parse(text, full, path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static MlOpsConfig Parse(TextReader text, string fullPath, string displayName, string sha256 = "")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException e)
        {
            throw new InvalidInputException($"{displayName}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {Inner(e).Message}");
        }
        if (stream.Documents.Count == 0)
            throw new InvalidInputException($"{displayName}:1:1: the file is empty; expected keys model, data, train, evaluate");

        var root = new YamlNodeReader(displayName, stream.Documents[0].RootNode, "")
            .Mapping("model", "data", "train", "evaluate", "registry", "deploy", "monitor", "retrain", "package");
        var baseDir = Path.GetDirectoryName(fullPath)!;
        var model = ReadModel(root.Required("model"));
        return new MlOpsConfig(
            fullPath, sha256, model,
            ReadData(root.Child("data"), baseDir),
            ReadTrain(root.Child("train"), baseDir),
            ReadEvaluate(root.Child("evaluate"), model.Task),
            ReadRegistry(root.Child("registry"), baseDir),
            DeployConfigReader.Read(root.Child("deploy"), model.Name, baseDir))
        {
            Monitor = MonitorConfigReader.Read(root.Child("monitor"), model.Task),
            Retrain = root.Child("retrain") is { } retrain ? RetrainConfigReader.Read(retrain) : new RetrainSection(null),
            Package = PackageConfigReader.Read(root.Child("package"), baseDir),
        };
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner && inner.Message.Length > 0 ? inner : e;

    private static ModelSection ReadModel(YamlNodeReader node)
    {
        node.Mapping("name", "task", "label", "positive");
        var name = node.RequiredString("name");
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"))
            throw node.Required("name").Error($"model.name '{name}' may hold only letters, digits, '.', '_' and '-'");
        var taskNode = node.Required("task");
        var task = ModelTaskNames.Parse(taskNode.Scalar())
            ?? throw taskNode.Error($"model.task must be one of {string.Join(", ", ModelTaskNames.All)}; found '{taskNode.Scalar()}'");
        var positive = node.String("positive");
        if (positive is not null && task != ModelTask.BinaryClassification)
            throw node.Required("positive").Error("model.positive applies only to task binary-classification");
        return new ModelSection(name, task, node.RequiredString("label"), positive);
    }

    private static DataSection ReadData(YamlNodeReader? node, string baseDir)
    {
        if (node is null) return new DataSection(null, null, [], new Dictionary<string, ColumnKind>());
        node.Mapping("train", "test", "exclude", "types");
        var types = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        if (node.Child("types") is { } typesNode)
            foreach (var (column, kind) in typesNode.Mapping().Entries())
                types[column] = kind.Scalar() switch
                {
                    "numeric" => ColumnKind.Numeric,
                    "categorical" => ColumnKind.Categorical,
                    var other => throw kind.Error($"'{kind.Path}' must be numeric or categorical; found '{other}'"),
                };
        return new DataSection(Resolve(baseDir, node.String("train")), Resolve(baseDir, node.String("test")),
            node.StringList("exclude"), types);
    }

    private static TrainSection ReadTrain(YamlNodeReader? node, string baseDir)
    {
        var defaults = new MlNetSection("fasttree", 100, 20, 0.2, 10);
        if (node is null) return new TrainSection("mlnet", 42, defaults, null);
        node.Mapping("backend", "seed", "mlnet", "command", "azureml", "export");
        var backend = node.Choice("backend", "mlnet", "mlnet", "command", "azureml");
        var export = node.Choice("export", "mlnet", "mlnet", "onnx");
        if (export == "onnx" && backend != "mlnet")
            throw node.Required("export").Error($"train.export applies to the mlnet backend; a {backend} training program writes its own model.onnx");
        var mlnet = defaults;
        if (node.Child("mlnet") is { } m)
        {
            m.Mapping("trainer", "trees", "leaves", "learning-rate", "min-leaf");
            mlnet = new MlNetSection(
                m.Choice("trainer", defaults.Trainer, "fasttree", "lightgbm", "linear"),
                m.Int("trees", defaults.Trees, 1, 100_000),
                m.Int("leaves", defaults.Leaves, 2, 100_000),
                m.Double("learning-rate", defaults.LearningRate, 1e-6, 10),
                m.Int("min-leaf", defaults.MinLeaf, 1, 1_000_000));
        }
        CommandSection? command = null;
        if (node.Child("command") is { } c)
        {
            c.Mapping("run", "workdir", "env", "timeout-minutes");
            var env = c.Child("env") is { } e
                ? e.Mapping().Entries().ToDictionary(x => x.Key, x => x.Value.Scalar())
                : new Dictionary<string, string>();
            command = new CommandSection(c.RequiredString("run"), Resolve(baseDir, c.String("workdir")) ?? baseDir, env,
                TimeSpan.FromMinutes(c.Int("timeout-minutes", 60, 1, 24 * 60)));
        }
        if (backend == "command" && command is null)
            throw node.Error("train.backend is command but train.command is missing; add train.command.run, e.g. run: python train.py");
        var azureMl = node.Child("azureml") is { } az ? AzureMlConfigReader.ReadTrain(az, baseDir) : null;
        if (backend == "azureml" && azureMl is null)
            throw node.Error("train.backend is azureml but train.azureml is missing; add subscription, resource-group, workspace, compute, environment.image and command");
        return new TrainSection(backend, node.Int("seed", 42, 0), mlnet, command, export) { AzureMl = azureMl };
    }

    private static EvaluateSection ReadEvaluate(YamlNodeReader? node, ModelTask task)
    {
        var defaultMetrics = MetricCatalog.For(task).Select(m => m.Name).ToList();
        var primary = MetricCatalog.Primary(task);
        var defaultBaseline = new BaselineSection(true, "production", [new MarginRule(primary, 0.005, true)]);
        if (node is null)
            return new EvaluateSection(defaultMetrics, [], defaultBaseline, SignificanceSettings.Default, SliceSettings.None, FairnessSettings.None);
        node.Mapping("metrics", "thresholds", "baseline", "significance", "slices", "fairness", "signature", "data");

        var metrics = node.StringList("metrics");
        if (node.Child("metrics") is { } metricsNode)
            for (var i = 0; i < metrics.Count; i++)
                CheckMetric(metricsNode, metrics[i], task);

        var thresholds = new List<ThresholdRule>();
        if (node.Child("thresholds") is { } t)
            foreach (var (metric, value) in t.Mapping().Entries())
            {
                CheckMetric(value, metric, task);
                thresholds.Add(ThresholdRule.TryParse(metric, value.Scalar(), out var error) ?? throw value.Error(error!));
            }

        var baseline = defaultBaseline;
        if (node.Child("baseline") is { } b)
        {
            if (b.Node is YamlScalarNode)
                baseline = b.Scalar() is "false" or "none" or "off"
                    ? defaultBaseline with { Enabled = false }
                    : throw b.Error("evaluate.baseline must be a mapping { alias, margin } or false");
            else
            {
                b.Mapping("alias", "margin");
                var margins = ReadMargins(b.Child("margin"), task);
                baseline = new BaselineSection(true, b.String("alias") ?? "production",
                    margins.Count > 0 ? margins : defaultBaseline.Margins);
            }
        }
        var reported = metrics.Count > 0 ? metrics : defaultMetrics;
        return new EvaluateSection(reported, thresholds, baseline, ReadSignificance(node.Child("significance")),
            ReadSlices(node.Child("slices"), task), ReadFairness(node.Child("fairness"), task),
            node.Child("signature") is { } signature && signature.Mapping("allow-breaking").Bool("allow-breaking", false),
            ReadData(node.Child("data")));
    }

    private static DataSettings ReadData(YamlNodeReader? node)
    {
        if (node is null) return DataSettings.Default;
        node.Mapping("schema", "drift", "invariants");
        ThresholdRule? psi = null, ks = null;
        if (node.Child("drift") is { } drift)
        {
            drift.Mapping("psi", "ks");
            psi = drift.Child("psi") is { } p ? ThresholdRule.TryParse("psi", p.Scalar(), out var e1) ?? throw p.Error(e1!) : null;
            ks = drift.Child("ks") is { } k ? ThresholdRule.TryParse("ks", k.Scalar(), out var e2) ?? throw k.Error(e2!) : null;
        }
        var invariants = new List<InvariantRule>();
        if (node.Child("invariants") is { } inv)
            foreach (var (column, rule) in inv.Mapping().Entries())
            {
                rule.Mapping("not-null", "min", "max", "allowed", "unique");
                invariants.Add(new InvariantRule(column, rule.Bool("not-null", false),
                    rule.Child("min")?.AsDouble(), rule.Child("max")?.AsDouble(),
                    rule.Child("allowed") is null ? null : rule.StringList("allowed"), rule.Bool("unique", false)));
            }
        return new DataSettings(node.Choice("schema", "off", "frozen", "off") == "frozen", psi, ks, invariants);
    }

    /// <summary><c>slices: [sex, race]</c>, or the mapping form with min-size, bins and max-regression.</summary>
    private static SliceSettings ReadSlices(YamlNodeReader? node, ModelTask task)
    {
        var d = SliceSettings.None;
        if (node is null) return d;
        if (node.Node is YamlSequenceNode)
            return d with { Columns = ((YamlSequenceNode)node.Node).Children.Select((c, i) => new YamlNodeReader(node.File, c, $"{node.Path}[{i}]").Scalar()).ToList() };
        node.Mapping("columns", "min-size", "bins", "max-regression");
        var margins = ReadMargins(node.Child("max-regression"), task);
        var columns = node.StringList("columns");
        if (columns.Count == 0) throw node.Error("evaluate.slices.columns must name at least one column, e.g. [sex, race]");
        return new SliceSettings(columns, node.Int("min-size", d.MinSize, 1), node.Int("bins", d.Bins, 2, 100), margins);
    }

    private static FairnessSettings ReadFairness(YamlNodeReader? node, ModelTask task)
    {
        if (node is null) return FairnessSettings.None;
        if (task != ModelTask.BinaryClassification)
            throw node.Error($"evaluate.fairness applies to binary-classification, not {task.ToName()}");
        var names = FairnessReport.Names.Select(n => n.Name).ToArray();
        node.Mapping(["sensitive", .. names]);
        var thresholds = names.Where(n => node.Child(n) is not null).Select(n =>
        {
            var value = node.Required(n);
            return ThresholdRule.TryParse(n, value.Scalar(), out var error) ?? throw value.Error(error!);
        }).ToList();
        return new FairnessSettings(node.RequiredString("sensitive"), thresholds);
    }

    private static SignificanceSettings ReadSignificance(YamlNodeReader? node)
    {
        var d = SignificanceSettings.Default;
        if (node is null) return d;
        if (node.Node is YamlScalarNode)
            return node.Scalar() is "false" or "none" or "off"
                ? d with { Method = "none" }
                : throw node.Error("evaluate.significance must be a mapping { method, resamples, alpha, seed, rule } or false");
        node.Mapping("method", "resamples", "alpha", "seed", "rule");
        return new SignificanceSettings(
            node.Choice("method", d.Method, "paired-bootstrap", "none"),
            node.Int("resamples", d.Resamples, 100, 100_000),
            node.Double("alpha", d.Alpha, 0.0001, 0.5),
            node.Int("seed", d.Seed, 0),
            node.Choice("rule", d.Rule, "significant", "strict"));
    }

    /// <summary>A map of metric to margin (0.005 or "1%"), as in evaluate.baseline.margin and slices.max-regression.</summary>
    private static List<MarginRule> ReadMargins(YamlNodeReader? node, ModelTask task)
    {
        var margins = new List<MarginRule>();
        if (node is null) return margins;
        foreach (var (metric, value) in node.Mapping().Entries())
        {
            CheckMetric(value, metric, task);
            margins.Add(MarginRule.TryParse(metric, value.Scalar(), out var error) ?? throw value.Error(error!));
        }
        return margins;
    }

    internal static void CheckMetric(YamlNodeReader at, string metric, ModelTask task)
    {
        if (MetricCatalog.Find(task, metric) is null)
            throw at.Error($"unknown metric '{metric}' for {task.ToName()}; known: {string.Join(", ", MetricCatalog.For(task).Select(m => m.Name))}");
    }

    private static RegistrySection ReadRegistry(YamlNodeReader? node, string baseDir)
    {
        var defaultPath = Path.Combine(baseDir, ".mlops", "registry");
        if (node is null) return new RegistrySection("local", defaultPath);
        node.Mapping("backend", "path", "azureml");
        var backend = node.Choice("backend", "local", "local", "azureml");
        var azureMl = node.Child("azureml") is { } az ? AzureMlConfigReader.ReadRegistry(az, baseDir) : null;
        if (backend == "azureml" && azureMl is null)
            throw node.Error("registry.backend is azureml but registry.azureml is missing; add subscription, resource-group and workspace (or registry)");
        return new RegistrySection(backend, Resolve(baseDir, node.String("path")) ?? defaultPath) { AzureMl = azureMl };
    }

    internal static string? Resolve(string baseDir, string? path) =>
        string.IsNullOrEmpty(path) ? null : Path.GetFullPath(Path.Combine(baseDir, path));
}
