using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Turns a parsed body, in any shape <see cref="RequestShapes"/> accepts, into a table shaped by the model card.
/// Strict on types so a client bug is a clear 400 naming row and feature instead of a silently wrong prediction.
/// </summary>
public static class ScoreRequestReader
{
    /// <param name="ignoreExtraColumns">Score rows that carry keys the model does not have instead of refusing them.</param>
    public static Table Read(JsonElement root, ModelCard card, int maxRows, bool ignoreExtraColumns = false)
    {
        var rows = RequestShapes.RowsOf(root, card, ignoreExtraColumns);
        var count = rows.Count;
        if (count == 0) throw new BadRequestException("no rows to score", "rows");
        if (count > maxRows) throw new BadRequestException($"{count} rows in one request; at most {maxRows} are accepted", "rows");

        var columns = card.Features.Select(f => new ColumnBuilder(f, count)).ToList();
        var values = new JsonElement[columns.Count];
        for (var i = 0; i < count; i++)
        {
            rows.Read(i, values);
            for (var f = 0; f < columns.Count; f++) columns[f].Set(i, values[f]);
        }
        return new Table(columns.Select(c => c.Build()).ToList(), Enumerable.Range(0, count).ToArray(), "request");
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
                : throw Wrong(i, $"must be a finite number, found {JsonDescription.Of(value)}"),
            // No "39" -> 39: a client that sends strings has a bug that would also hide "n/a" or "39,5".
            _ => throw Wrong(i, $"must be a number or null, found {JsonDescription.Of(value)}"),
        };

        private string? Category(int i, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => CategoryText.OfString(value.GetString()!),
            JsonValueKind.Number => CategoryText.OfNumber(value.TryGetDouble(out var d), d) ?? value.GetRawText(),
            _ => throw Wrong(i, $"must be a string or null, found {JsonDescription.Of(value)}"),
        };

        private BadRequestException Wrong(int i, string what) =>
            new($"row {i}: feature '{Feature.Name}' {what}", $"rows[{i}].{Feature.Name}");
    }
}
