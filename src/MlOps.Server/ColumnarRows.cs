using System.Text.Json;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Columns: {"feature": [values], ...}, our columnar body and MLflow's "inputs" as a dict. Keys that are not features
/// are refused, as in rows, unless ignored; every feature column must be an array and all of them as long as each other.
/// </summary>
internal sealed class ColumnarRows : IRowSource
{
    private readonly JsonElement[][] _columns;

    /// <param name="prefix">Where the columns sit in the body ("" or "inputs."), for the field of a column problem.</param>
    public ColumnarRows(JsonElement columns, ModelCard card, string prefix, bool ignoreExtra)
    {
        var missing = card.Features.Where(f => !columns.TryGetProperty(f.Name, out _)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new BadRequestException(
                $"column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} missing (send null values for missing values)",
                prefix + missing[0]);
        if (!ignoreExtra)
            ExtraColumns.Check(columns.EnumerateObject().Select(p => p.Name), card, "column ", name => prefix + name);
        var arrays = card.Features.Select(f => columns.GetProperty(f.Name)).ToArray();
        for (var f = 0; f < arrays.Length; f++)
            if (arrays[f].ValueKind != JsonValueKind.Array)
                throw new BadRequestException($"column '{card.Features[f].Name}' must be an array of values, found {JsonDescription.Of(arrays[f])}",
                    prefix + card.Features[f].Name);
        // Indexing a JsonElement array of complex values walks it from the start; one pass up front keeps reading linear.
        _columns = arrays.Select(a => a.EnumerateArray().ToArray()).ToArray();
        for (var f = 1; f < _columns.Length; f++)
            if (_columns[f].Length != Count)
                throw new BadRequestException(
                    $"column '{card.Features[f].Name}' has {_columns[f].Length} values but '{card.Features[0].Name}' has {Count}; every column needs one value per row",
                    prefix + card.Features[f].Name);
    }

    public int Count => _columns.Length == 0 ? 0 : _columns[0].Length;

    public void Read(int row, Span<JsonElement> values)
    {
        for (var f = 0; f < _columns.Length; f++) values[f] = _columns[f][row];
    }
}
