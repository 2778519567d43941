using System.Text.Json.Serialization;

namespace MlOps.Steps.Delivery;

/// <summary>Everything `mlops metrics delivery` prints, in the shape of its JSON output.</summary>
/// <param name="LeadTimeFrom">Says in words where lead times start, since the commit time itself is not recorded.</param>
/// <param name="Notes">Caveats worth reading with the numbers (fallbacks used, unrestored failures).</param>
public sealed record DeliveryReport(
    string Target,
    DeliveryWindow Window,
    string LeadTimeFrom,
    DeliverySummary All,
    IReadOnlyList<DeliverySummary> Models,
    IReadOnlyList<ProductionChange> Changes,
    IReadOnlyList<string> Notes)
{
    /// <summary>Nothing moved production in the window; the JSON says so with its zero counts.</summary>
    [JsonIgnore] public bool Empty => Changes.Count == 0 && All.Rollbacks == 0;
}
