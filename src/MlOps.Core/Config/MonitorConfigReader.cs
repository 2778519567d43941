using MlOps.Core.Gates;
using MlOps.Core.Modeling;
using YamlDotNet.RepresentationModel;

namespace MlOps.Core.Config;

/// <summary>
/// Reads <c>monitor</c>, as strictly as the rest of mlops.yml. Limits are written as in <c>evaluate</c>: thresholds
/// as <c>"&lt; 0.2"</c>, drops as margins (<c>0.03</c> or <c>"2%"</c>). A key left out keeps its default; <c>off</c> turns a rule off.
/// </summary>
internal static class MonitorConfigReader
{
    public static MonitorSection Read(YamlNodeReader? node, ModelTask task)
    {
        var d = MonitorSection.Default(task);
        if (node is null) return d;
        node.Mapping("min-rows", "window", "drift", "prediction-drift", "quality");
        MonitorWindowSpec? window = null;
        if (node.Child("window") is { } w)
            window = MonitorWindowSpec.TryParse(w.Scalar(), out var error) ?? throw w.Error($"monitor.window: {error}");
        return new MonitorSection(node.Int("min-rows", d.MinRows, 1),
            window,
            ReadDrift(node.Child("drift"), d.Drift),
            ReadDrift(node.Child("prediction-drift"), d.PredictionDrift),
            ReadQuality(node.Child("quality"), task, d.Quality));
    }

    private static DriftRules ReadDrift(YamlNodeReader? node, DriftRules fallback)
    {
        if (node is null) return fallback;
        if (IsOff(node)) return DriftRules.Off;
        node.Mapping("psi", "ks");
        return new DriftRules(Threshold(node, "psi"), Threshold(node, "ks"));
    }

    private static IReadOnlyList<QualityRule> ReadQuality(YamlNodeReader? node, ModelTask task, IReadOnlyList<QualityRule> fallback)
    {
        if (node is null) return fallback;
        if (IsOff(node)) return [];
        var rules = new List<QualityRule>();
        foreach (var (metric, rule) in node.Mapping().Entries())
        {
            ConfigLoader.CheckMetric(rule, metric, task);
            rule.Mapping("max-drop", "threshold");
            var drop = rule.Child("max-drop") is { } m ? MarginRule.TryParse(metric, m.Scalar(), out var e) ?? throw m.Error(e!) : null;
            var threshold = Threshold(rule, "threshold", metric);
            if (drop is null && threshold is null)
                throw rule.Error($"monitor.quality.{metric} needs max-drop (e.g. 0.03 or \"2%\") or threshold (e.g. \">= 0.8\")");
            rules.Add(new QualityRule(metric, drop, threshold));
        }
        return rules;
    }

    private static ThresholdRule? Threshold(YamlNodeReader node, string key, string? metric = null) =>
        node.Child(key) is { } v ? ThresholdRule.TryParse(metric ?? key, v.Scalar(), out var e) ?? throw v.Error(e!) : null;

    private static bool IsOff(YamlNodeReader node) =>
        node.Node is YamlScalarNode
            ? node.Scalar() is "off" or "false" or "none" ? true : throw node.Error($"'{node.Path}' must be a mapping or off")
            : false;
}
