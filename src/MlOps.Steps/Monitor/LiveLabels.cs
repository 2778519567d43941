using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Monitor;

/// <summary>
/// The labels CSV (requestId, optional row, the label column) indexed by request and row, so each logged row finds its
/// label as the log streams past. The typed table keeps the CSV's line numbers: a bad label is reported where it is.
/// </summary>
public sealed class LiveLabels
{
    public const string RequestIdColumn = "requestId", RowColumn = "row";

    private readonly Table _table;
    private readonly Dictionary<(string RequestId, int Row), int> _index = new();
    private readonly List<int> _matched = [];

    private LiveLabels(Table table) => _table = table;

    public string Path => _table.Source;
    public int Count => _index.Count;
    public IReadOnlyList<int> Matched => _matched;

    public static LiveLabels Load(string path, string labelColumn, ModelTask task)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: labels file not found");
        var raw = CsvReader.Read(path);
        var missing = new[] { RequestIdColumn, labelColumn }.Where(c => Array.IndexOf(raw.Header, c) < 0).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException(
                $"{path}: no column {string.Join(" or ", missing.Select(m => $"'{m}'"))}; a labels file has columns {RequestIdColumn}, optionally {RowColumn} " +
                $"(0-based row inside the request), and the label column '{labelColumn}' (model.label); found: {string.Join(", ", raw.Header)}");
        var kinds = new Dictionary<string, ColumnKind>
        {
            [RequestIdColumn] = ColumnKind.Categorical,
            [labelColumn] = task == ModelTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical,
        };
        if (Array.IndexOf(raw.Header, RowColumn) >= 0) kinds[RowColumn] = ColumnKind.Categorical;
        var labels = new LiveLabels(TableLoader.FromRaw(raw, kinds));
        labels.Index();
        return labels;
    }

    private void Index()
    {
        var ids = _table[RequestIdColumn];
        var rows = _table.Find(RowColumn);
        for (var r = 0; r < _table.RowCount; r++)
        {
            var id = ids.Strings[r] ?? throw new InvalidInputException($"{_table.Locate(r)}: {RequestIdColumn} is empty");
            var row = 0;
            if (rows?.Strings[r] is { } text && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out row))
                throw new InvalidInputException($"{_table.Locate(r)}: {RowColumn} '{text}' must be a whole number ≥ 0 (the row's position inside its request)");
            if (!_index.TryAdd((id, row), r))
                throw new InvalidInputException($"{_table.Locate(r)}: a second label for request '{id}' row {row} (first at {_table.Locate(_index[(id, row)])})");
        }
    }

    /// <summary>Records the label of this logged row, if there is one; true when joined.</summary>
    public bool Join(string requestId, int row)
    {
        if (!_index.Remove((requestId, row), out var r)) return false;
        _matched.Add(r);
        return true;
    }

    /// <summary>Labels whose request (or row) never appeared in the analysed log, first few located.</summary>
    public IReadOnlyList<string> Unmatched(int max) =>
        _index.Values.Order().Take(max).Select(r => $"{_table.Locate(r)} ({_table[RequestIdColumn].Strings[r]})").ToList();

    /// <summary>The joined labels, in join order, encoded for the metrics (a bad or unknown label names its CSV line).</summary>
    public Labels Encode(ModelCard card) =>
        Labels.From(_table.SelectRows(_matched), card.Task, card.Label, card.Positive,
            card.Task == ModelTask.MulticlassClassification ? card.Classes : null);
}
