using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Turns a JSON body (an array of row objects, or {"rows": [...]}) into a table shaped by the model's signature.
/// Strict on types so a client bug is a clear 400 instead of a silently wrong prediction.
/// </summary>
public static class ScoreRequestReader
{
    public static Table Read(JsonElement root, ModelCard card, int maxRows)
    {
        var rows = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("rows", out var r) && r.ValueKind == JsonValueKind.Array => r,
            _ => throw new BadRequestException("the body must be a JSON array of rows, or an object {\"rows\": [...]}"),
        };
        var count = rows.GetArrayLength();
        if (count == 0) throw new BadRequestException("no rows to score", "rows");
        if (count > maxRows) throw new BadRequestException($"{count} rows in one request; at most {maxRows} are accepted", "rows");

        var numbers = card.Features.Where(f => f.Kind == ColumnKind.Numeric).ToDictionary(f => f.Name, _ => new double[count]);
        var strings = card.Features.Where(f => f.Kind == ColumnKind.Categorical).ToDictionary(f => f.Name, _ => new string?[count]);
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
                throw new BadRequestException($"row {i}: expected an object of feature values, found {Describe(row)}", $"rows[{i}]");
            foreach (var feature in card.Features)
            {
                var field = $"rows[{i}].{feature.Name}";
                if (!row.TryGetProperty(feature.Name, out var value))
                    throw new BadRequestException($"row {i}: feature '{feature.Name}' is missing (send null for a missing value)", field);
                if (feature.Kind == ColumnKind.Numeric)
                    numbers[feature.Name][i] = value.ValueKind switch
                    {
                        JsonValueKind.Number => value.GetDouble(),
                        JsonValueKind.Null => double.NaN,
                        _ => throw new BadRequestException($"row {i}: feature '{feature.Name}' must be a number or null, found {Describe(value)}", field),
                    };
                else
                    strings[feature.Name][i] = value.ValueKind switch
                    {
                        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim(),
                        // Categories read from CSV are often digits ("0", "1"); accept the number a client sends for them.
                        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                        JsonValueKind.Null => null,
                        _ => throw new BadRequestException($"row {i}: feature '{feature.Name}' must be a string or null, found {Describe(value)}", field),
                    };
            }
            i++;
        }
        var columns = card.Features.Select(f => f.Kind == ColumnKind.Numeric
            ? TableColumn.Numeric(f.Name, numbers[f.Name])
            : TableColumn.Categorical(f.Name, strings[f.Name])).ToList();
        return new Table(columns, Enumerable.Range(0, count).ToArray(), "request");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
