using MlOps.Core.Data;
using MlOps.Core.DataChecks;

namespace MlOps.Steps.Monitor;

/// <summary>The counts of one stretch of the log (all of it, or one window): a drift accumulator per feature and one for the predictions.</summary>
internal sealed class MonitorScope(IReadOnlyList<FeatureProfile> features, FeatureProfile? prediction)
{
    public DriftAccumulator[] Features { get; } = features.Select(f => new DriftAccumulator(f)).ToArray();
    public DriftAccumulator? Prediction { get; } = prediction is null ? null : new DriftAccumulator(prediction);
    public long Rows { get; private set; }
    public DateTimeOffset? From { get; private set; }
    public DateTimeOffset? To { get; private set; }

    public void Add(LoggedRow row, DateTimeOffset time)
    {
        Rows++;
        if (From is null || time < From) From = time;
        if (To is null || time > To) To = time;
        for (var i = 0; i < Features.Length; i++)
            if (features[i].Kind == ColumnKind.Numeric) Features[i].Add(row.Numbers[i]);
            else Features[i].Add(row.Categories[i]);
        if (Prediction is null) return;
        if (prediction!.Kind == ColumnKind.Numeric) Prediction.Add(row.Score);
        else Prediction.Add(row.Label);
    }
}
