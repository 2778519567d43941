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

    // Compared as UTF-8, as the parser holds them, so matching a name does not transcode it for every value.
    private readonly byte[][] _names = FeatureNames.Utf8(card);

    public int Count => _rows.Length;

    /// <summary>
    /// One pass over the row's properties, matching each name against the features (the expected one first: clients
    /// send rows in a fixed order), rather than a name lookup per feature, each of which walks the whole object.
    /// </summary>
    public void Read(int row, Span<JsonElement> values)
    {
        var record = _rows[row];
        if (record.ValueKind != JsonValueKind.Object)
            throw new BadRequestException($"row {row}: expected an object of feature values, found {JsonDescription.Of(record)}", $"rows[{row}]");
        values.Clear();
        var next = 0;
        var unexpected = false;
        foreach (var property in record.EnumerateObject())
        {
            var f = FeatureOf(property, next);
            // Neither a feature nor a second value of one: refused below unless ignored (then the last value wins,
            // as JsonElement.GetProperty has it).
            if (f < 0 || values[f].ValueKind != JsonValueKind.Undefined) unexpected = true;
            if (f < 0) continue;
            values[f] = property.Value;
            next = f + 1;
        }
        foreach (var value in values)
            if (value.ValueKind == JsonValueKind.Undefined) CheckAllPresent(record, row);
        if (unexpected && !ignoreExtra)
            ExtraColumns.Check(record.EnumerateObject().Select(p => p.Name), card, $"row {row}: ", name => $"rows[{row}].{name}");
    }

    private int FeatureOf(JsonProperty property, int expected)
    {
        if (expected < _names.Length && property.NameEquals(_names[expected])) return expected;
        for (var f = 0; f < _names.Length; f++)
            if (f != expected && property.NameEquals(_names[f])) return f;
        return -1;
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
