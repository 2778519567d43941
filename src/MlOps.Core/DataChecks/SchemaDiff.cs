using System.Globalization;
using MlOps.Core.Data;

namespace MlOps.Core.DataChecks;

public sealed record SchemaChange(string Column, string What, bool Structural);

/// <summary>
/// The candidate's training data against the production model's: columns added or removed and type changes are
/// structural (a frozen schema fails on them); new or vanished categories and values outside the old range are reported.
/// </summary>
public static class SchemaDiff
{
    public static IReadOnlyList<SchemaChange> Compare(DataProfile production, DataProfile candidate)
    {
        var changes = new List<SchemaChange>();
        var before = production.Features.ToDictionary(f => f.Name);
        var after = candidate.Features.ToDictionary(f => f.Name);
        foreach (var name in after.Keys.Except(before.Keys))
            changes.Add(new(name, $"column '{name}' added ({ColumnSchema.KindName(after[name].Kind)})", true));
        foreach (var name in before.Keys.Except(after.Keys))
            changes.Add(new(name, $"column '{name}' removed", true));
        foreach (var (name, old) in before)
        {
            if (!after.TryGetValue(name, out var now)) continue;
            if (now.Kind != old.Kind)
            {
                changes.Add(new(name, $"column '{name}' changed from {ColumnSchema.KindName(old.Kind)} to {ColumnSchema.KindName(now.Kind)}", true));
                continue;
            }
            if (now.Kind == ColumnKind.Categorical)
            {
                var added = (now.CategoryShares ?? []).Keys.Except((old.CategoryShares ?? []).Keys).Where(k => k != DataProfile.Other).Order().ToList();
                var gone = (old.CategoryShares ?? []).Keys.Except((now.CategoryShares ?? []).Keys).Where(k => k != DataProfile.Other).Order().ToList();
                if (added.Count > 0) changes.Add(new(name, $"'{name}' has new categories: {string.Join(", ", added.Take(10))}", false));
                if (gone.Count > 0) changes.Add(new(name, $"'{name}' no longer has categories: {string.Join(", ", gone.Take(10))}", false));
            }
            else if (now.Min < old.Min || now.Max > old.Max)
                changes.Add(new(name, $"'{name}' range [{F(now.Min)}, {F(now.Max)}] goes beyond production's [{F(old.Min)}, {F(old.Max)}]", false));
        }
        return changes;
    }

    private static string F(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a";
}
