using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Turns a parsed body (an array of row objects, or {"rows": [...]}) into a table shaped by the model card.
/// Strict on types so a client bug is a clear 400 naming row and feature instead of a silently wrong prediction;
/// keys that are not features (an id, the label) are ignored so rows can be sent as they are stored.
/// </summary>
public static class ScoreRequestReader
{
    public static Table Read(JsonElement root, ModelCard card, int maxRows)
    {
        var rows = RowsOf(root);
        var count = rows.GetArrayLength();
        if (count == 0) throw new BadRequestException("no rows to score", "rows");
        if (count > maxRows) throw new BadRequestException($"{count} rows in one request; at most {maxRows} are accepted", "rows");

        var columns = card.Features.Select(f => new ColumnBuilder(f, count)).ToList();
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
                throw new BadRequestException($"row {i}: expected an object of feature values, found {Describe(row)}", $"rows[{i}]");
            CheckAllPresent(row, card, i);
            foreach (var column in columns)
                column.Set(i, row.GetProperty(column.Feature.Name));
            i++;
        }
        return new Table(columns.Select(c => c.Build()).ToList(), Enumerable.Range(0, count).ToArray(), "request");
    }

    private static JsonElement RowsOf(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root,
        JsonValueKind.Object when root.TryGetProperty("rows", out var rows) => rows.ValueKind == JsonValueKind.Array
            ? rows
            : throw new BadRequestException($"\"rows\" must be an array of row objects, found {Describe(rows)}", "rows"),
        _ => throw new BadRequestException(
            $"the body must be a JSON array of rows, or an object {{\"rows\": [...]}}; found {Describe(root)}"),
    };

    /// <summary>Names every missing feature of the row at once, so a client fixes its schema in one round trip.</summary>
    private static void CheckAllPresent(JsonElement row, ModelCard card, int i)
    {
        var missing = card.Features.Where(f => !row.TryGetProperty(f.Name, out _)).Select(f => f.Name).ToList();
        if (missing.Count == 0) return;
        var names = string.Join(", ", missing.Select(m => $"'{m}'"));
        var detail = missing.Count == 1
            ? $"row {i}: feature {names} is missing (send null for a missing value)"
            : $"row {i}: features {names} are missing (send null for a missing value)";
        // "Age" for "age" is the most common mistake and the hardest to see; say so.
        var nearMiss = row.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n.Equals(missing[0], StringComparison.OrdinalIgnoreCase));
        if (nearMiss is not null) detail += $"; the row has '{nearMiss}', and names are case-sensitive";
        throw new BadRequestException(detail, $"rows[{i}].{missing[0]}");
    }

    /// <summary>One feature's values, typed as the card says: doubles with NaN for missing, or strings with null.</summary>
    private sealed class ColumnBuilder(FeatureInfo feature, int count)
    {
        private readonly double[]? _numbers = feature.Kind == ColumnKind.Numeric ? new double[count] : null;
        private readonly string?[]? _strings = feature.Kind == ColumnKind.Categorical ? new string?[count] : null;

        public FeatureInfo Feature { get; } = feature;

        public void Set(int i, JsonElement value)
        {
            if (_numbers is not null) _numbers[i] = Number(i, value);
            else _strings![i] = Category(i, value);
        }

        public TableColumn Build() => _numbers is not null
            ? TableColumn.Numeric(Feature.Name, _numbers)
            : TableColumn.Categorical(Feature.Name, _strings!);

        private double Number(int i, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => double.NaN,
            // TryGetDouble fails for 1e400 and the like: JSON allows it, a model cannot use it.
            JsonValueKind.Number => value.TryGetDouble(out var d) && double.IsFinite(d)
                ? d
                : throw Wrong(i, $"must be a finite number, found {Describe(value)}"),
            // No "39" -> 39: a client that sends strings has a bug that would also hide "n/a" or "39,5".
            _ => throw Wrong(i, $"must be a number or null, found {Describe(value)}"),
        };

        private string? Category(int i, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => null,
            // Blank means missing and values are trimmed, exactly as the CSV loader did for the training data.
            JsonValueKind.String => Trimmed(value.GetString()!),
            // Categories read from CSV are often digits ("0", "1"); accept the number a client naturally sends.
            JsonValueKind.Number => value.TryGetDouble(out var d) && double.IsFinite(d)
                ? d.ToString("R", CultureInfo.InvariantCulture)
                : value.GetRawText(),
            _ => throw Wrong(i, $"must be a string or null, found {Describe(value)}"),
        };

        private static string? Trimmed(string s) => TableLoader.IsBlank(s) ? null : s.Trim();

        private BadRequestException Wrong(int i, string what) =>
            new($"row {i}: feature '{Feature.Name}' {what}", $"rows[{i}].{Feature.Name}");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"number {Truncate(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>Echoes enough of a bad value to recognise it, without reflecting a whole large string back.</summary>
    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
