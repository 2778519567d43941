using System.Text.Json;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// An array of row objects: our own body, MLflow's "dataframe_records" and "inputs" as a list. Keys that are not
/// features are refused (see <see cref="ExtraColumns"/>) unless the server ignores them.
/// </summary>
internal sealed class RecordRows(JsonElement rows, ModelCard card, bool ignoreExtra) : IRowSource
{
    // Indexing a JsonElement array of objects walks it from the start; one pass up front keeps reading linear.
    private readonly JsonElement[] _rows = rows.EnumerateArray().ToArray();

    public int Count => _rows.Length;

    public void Read(int row, Span<JsonElement> values)
    {
        var record = _rows[row];
        if (record.ValueKind != JsonValueKind.Object)
            throw new BadRequestException($"row {row}: expected an object of feature values, found {JsonDescription.Of(record)}", $"rows[{row}]");
        CheckAllPresent(record, row);
        // Every feature is present, so a key count equal to the feature count leaves no room for anything else.
        if (!ignoreExtra && !ExtraColumns.Exact(CountKeys(record), card))
            ExtraColumns.Check(record.EnumerateObject().Select(p => p.Name), card, $"row {row}: ", name => $"rows[{row}].{name}");
        for (var f = 0; f < card.Features.Count; f++)
            values[f] = record.GetProperty(card.Features[f].Name);
    }

    private static int CountKeys(JsonElement record)
    {
        var keys = 0;
        foreach (var _ in record.EnumerateObject()) keys++;
        return keys;
    }

    /// <summary>Names every missing feature of the row at once, so a client fixes its schema in one round trip.</summary>
    private void CheckAllPresent(JsonElement record, int row)
    {
        var missing = card.Features.Where(f => !record.TryGetProperty(f.Name, out _)).Select(f => f.Name).ToList();
        if (missing.Count == 0) return;
        var names = string.Join(", ", missing.Select(m => $"'{m}'"));
        var detail = missing.Count == 1
            ? $"row {row}: feature {names} is missing (send null for a missing value)"
            : $"row {row}: features {names} are missing (send null for a missing value)";
        // "Age" for "age" is the most common mistake and the hardest to see; say so.
        var nearMiss = record.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n.Equals(missing[0], StringComparison.OrdinalIgnoreCase));
        if (nearMiss is not null) detail += $"; the row has '{nearMiss}', and names are case-sensitive";
        throw new BadRequestException(detail, $"rows[{row}].{missing[0]}");
    }
}
