using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>Reads deploy.ENV.rollout (see <see cref="RolloutSettings"/>).</summary>
internal static partial class RolloutConfigReader
{
    public static RolloutSettings Read(YamlNodeReader? node)
    {
        if (node is null) return RolloutSettings.Default;
        node.Mapping("strategy", "steps", "interval", "analysis", "ready-timeout", "mirror");
        var strategy = node.Choice("strategy", RolloutSettings.AllAtOnce, RolloutSettings.AllAtOnce, RolloutSettings.Canary);
        var steps = Steps(node, strategy);
        var interval = Duration(node, "interval", TimeSpan.FromSeconds(30));
        var readyTimeout = Duration(node, "ready-timeout", RolloutSettings.Default.ReadyTimeout);
        var mirror = node.Int("mirror", 0, 0, 100);
        if (mirror > 0 && strategy != RolloutSettings.Canary)
            throw node.Required("mirror").Error($"'{node.Path}.mirror' applies to strategy canary; this rollout is {strategy} (add strategy: canary)");
        return new RolloutSettings(strategy, steps, interval, Analysis(node.Child("analysis")), readyTimeout) { Mirror = mirror };
    }

    private static IReadOnlyList<int> Steps(YamlNodeReader node, string strategy)
    {
        var child = node.Child("steps");
        if (child is null) return strategy == RolloutSettings.Canary ? [10, 50, 100] : [100];
        if (strategy != RolloutSettings.Canary)
            throw child.Error($"'{child.Path}' applies to strategy canary; this rollout is {strategy} (add strategy: canary)");
        var texts = node.StringList("steps");
        var steps = new List<int>();
        foreach (var text in texts)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) || step is < 1 or > 100)
                throw child.Error($"'{child.Path}' must list percentages 1-100, found '{text}'");
            if (steps.Count > 0 && step <= steps[^1])
                throw child.Error($"'{child.Path}' must increase (each step sends more traffic to the new version), found {steps[^1]} then {step}");
            steps.Add(step);
        }
        if (steps.Count == 0 || steps[^1] != 100)
            throw child.Error($"'{child.Path}' must end with 100 (the new version takes all traffic), e.g. [10, 50, 100]");
        return steps;
    }

    private static CanaryAnalysis Analysis(YamlNodeReader? node)
    {
        var defaults = new CanaryAnalysis();
        if (node is null) return defaults;
        node.Mapping("max-error-rate", "max-p99-ms", "min-requests");
        return new CanaryAnalysis(node.Double("max-error-rate", defaults.MaxErrorRate, 0, 1),
            node.Double("max-p99-ms", defaults.MaxP99Milliseconds, 0.1, 600_000), node.Int("min-requests", defaults.MinRequests, 0, 1_000_000));
    }

    /// <summary>"500ms", "20s", "2m".</summary>
    private static TimeSpan Duration(YamlNodeReader node, string key, TimeSpan fallback)
    {
        var child = node.Child(key);
        if (child is null) return fallback;
        var text = child.Scalar();
        var match = DurationText().Match(text);
        if (!match.Success)
            throw child.Error($"'{child.Path}' must be a duration like 500ms, 20s or 2m; found '{text}'");
        var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = match.Groups[2].Value switch { "ms" => TimeSpan.FromMilliseconds(n), "s" => TimeSpan.FromSeconds(n), _ => TimeSpan.FromMinutes(n) };
        return span <= TimeSpan.FromHours(24) ? span : throw child.Error($"'{child.Path}' must be at most 24h; found '{text}'");
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m)$")]
    private static partial Regex DurationText();
}
