using System.Text.Json;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// MLflow's "dataframe_split" (pandas orient="split"): {"columns": [names], "data": [[values]], "index": [...]}.
/// Columns that are not features are refused unless ignored; "index" is accepted and ignored, as MLflow's own server does.
/// </summary>
internal sealed class SplitRows : IRowSource
{
    private const string Prefix = "dataframe_split.";
    private readonly JsonElement[] _data;
    private readonly int _width;
    private readonly int[] _positions;

    public SplitRows(JsonElement split, ModelCard card, bool ignoreExtra)
    {
        if (split.ValueKind != JsonValueKind.Object)
            throw new BadRequestException($"\"dataframe_split\" must be an object {{\"columns\": [...], \"data\": [[...]]}}, found {JsonDescription.Of(split)}", "dataframe_split");
        if (!split.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array)
            throw new BadRequestException("\"dataframe_split.columns\" must be an array of column names", Prefix + "columns");
        if (!split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new BadRequestException("\"dataframe_split.data\" must be an array of rows, each an array of values", Prefix + "data");

        var names = new List<string>();
        foreach (var name in columns.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
                throw new BadRequestException($"column {names.Count}: a column name must be a string, found {JsonDescription.Of(name)}", $"{Prefix}columns[{names.Count}]");
            var text = name.GetString()!;
            // Two columns of one name would make the value the model sees depend on which one we happened to pick.
            if (names.Contains(text))
                throw new BadRequestException($"column '{JsonDescription.Truncate(text)}' appears twice", $"{Prefix}columns[{names.Count}]");
            names.Add(text);
        }
        if (!ignoreExtra)
            ExtraColumns.Check(names, card, "", name => $"{Prefix}columns[{names.IndexOf(name)}]");
        _width = names.Count;
        _positions = card.Features.Select(f => names.IndexOf(f.Name)).ToArray();
        var missing = card.Features.Where((_, f) => _positions[f] < 0).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new BadRequestException(
                $"column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} missing from \"columns\" (send null values for missing values)",
                Prefix + "columns");
        // Indexing a JsonElement array of arrays walks it from the start; one pass up front keeps reading linear.
        _data = data.EnumerateArray().ToArray();
    }

    public int Count => _data.Length;

    public void Read(int row, Span<JsonElement> values)
    {
        var cells = _data[row];
        if (cells.ValueKind != JsonValueKind.Array || cells.GetArrayLength() != _width)
            throw new BadRequestException(
                $"row {row}: expected an array of {_width} values (one per column), found {(cells.ValueKind == JsonValueKind.Array ? $"{cells.GetArrayLength()} values" : JsonDescription.Of(cells))}",
                $"rows[{row}]");
        for (var f = 0; f < _positions.Length; f++) values[f] = cells[_positions[f]];
    }
}
