using MlOps.Core.Config;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Registry;
using MlOps.Reports.Monitor;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Monitor;

/// <summary>
/// Live quality: the logged predictions of the rows a label was joined to, scored by the same metric code as
/// `mlops evaluate`, against that version's offline evaluation and the monitor.quality rules.
/// </summary>
internal static class LiveQuality
{
    public static QualitySection? Measure(ModelCard card, ResolvedModel model, LiveLabels labels, IReadOnlyList<LoggedRow> labeled, MonitorSection settings,
        IModelRegistry registry, List<string> notes)
    {
        var unmatched = labels.Count;
        if (unmatched > 0)
            notes.Add($"{unmatched} labels in {labels.Path} match no analysed log row (the log may be sampled, or those requests are in other files); " +
                      $"first: {string.Join(", ", labels.Unmatched(5))}");
        if (labeled.Count == 0)
        {
            notes.Add($"no label in {labels.Path} matched a logged request: live quality is not measured");
            return null;
        }
        var predictions = Predictions(card, labeled);
        var live = MetricCalculator.Compute(predictions, labels.Encode(card));
        var offline = OfflineEvaluation.Find(registry, card.Name, AuditIdentity.VersionOf(model.RegistryVersion), model.Sha256);
        if (offline is null)
            notes.Add($"no offline evaluation of {model.RegistryVersion ?? model.Reference} is recorded in the registry's audit trail: live quality is reported without a comparison");
        var gated = labeled.Count >= settings.MinRows;
        if (!gated)
            notes.Add($"live quality from {labeled.Count} labelled rows is reported, not decided on (monitor.min-rows is {settings.MinRows})");
        var rules = settings.Quality.ToDictionary(r => r.Metric);
        var names = rules.Keys.Prepend(MetricCatalog.Primary(card.Task)).Distinct();
        var rows = names.Select(name =>
        {
            var info = MetricCatalog.Find(card.Task, name)!;
            var value = live[name];
            double? before = offline?.Metrics.TryGetValue(name, out var o) == true ? o : null;
            var checks = new List<(string Rule, bool Passed)>();
            if (rules.TryGetValue(name, out var rule))
            {
                if (rule.MaxDrop is { } drop && before is { } b)
                {
                    var allowed = drop.AbsoluteFor(b);
                    checks.Add(($"max drop {drop.Text} from offline {GateEvaluator.F(b)}", info.HigherIsBetter ? value >= b - allowed : value <= b + allowed));
                }
                if (rule.Threshold is { } t) checks.Add((t.Text, t.IsMet(value)));
            }
            return new QualityRow(name, info.Title, info.HigherIsBetter, value, before, before is { } x ? value - x : null,
                checks.Count == 0 ? null : string.Join("; ", checks.Select(c => c.Rule)), checks.Count == 0 ? null : checks.All(c => c.Passed));
        }).ToList();
        return new QualitySection(labeled.Count, unmatched, gated, offline?.Source, rows);
    }

    private static Predictions Predictions(ModelCard card, IReadOnlyList<LoggedRow> rows) => card.Task switch
    {
        ModelTask.BinaryClassification => Core.Modeling.Predictions.Binary(rows.Select(r => r.Score).ToArray()),
        ModelTask.Regression => Core.Modeling.Predictions.Regression(rows.Select(r => r.Score).ToArray()),
        _ => Core.Modeling.Predictions.Multiclass(rows.Select(r => r.ClassProbabilities!).ToArray(), card.Classes),
    };
}
