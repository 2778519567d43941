using System.Globalization;
using MlOps.Registry;
using MlOps.Steps.Audit;

namespace MlOps.Steps.Monitor;

/// <summary>
/// The metrics `mlops evaluate` measured for a version: the registry does not store them with the version, the audit
/// trail does (the gate event of that version, or of the same model file before it was registered).
/// </summary>
public sealed record OfflineEvaluation(string Source, IReadOnlyDictionary<string, double> Metrics)
{
    public static OfflineEvaluation? Find(IModelRegistry registry, string model, int? version, string modelSha256)
    {
        if (registry is not LocalModelRegistry local) return null;
        var gate = GateEvidence.Find(local.Audit.Read(), model, version, modelSha256);
        if (gate?.Event.Details is not { } details) return null;
        var metrics = details.Where(kv => kv.Key.StartsWith("metric.", StringComparison.Ordinal))
            .Select(kv => (Name: kv.Key["metric.".Length..], Ok: double.TryParse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), Value: v))
            .Where(m => m.Ok).ToDictionary(m => m.Name, m => m.Value);
        return metrics.Count == 0 ? null
            : new OfflineEvaluation($"{gate.Event.Event} event (audit seq {gate.Event.Seq}, {gate.Event.Time:yyyy-MM-dd HH:mm} UTC)", metrics);
    }
}
