using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Errors;

namespace MlOps.Steps.Compare.Online;

/// <summary>
/// Labels that arrive after the predictions (a customer churned or not, a loan defaulted or not), keyed by the request
/// id the client sent as X-Request-Id, plus an optional 0-based <c>row</c> for requests of several rows. A second
/// label for the same request is reported, not used (the first one counts); an empty label cell counts as "no label yet".
/// </summary>
public sealed class DelayedLabels
{
    public const string DefaultIdColumn = "request_id", RowColumn = "row";

    private readonly Dictionary<(string, int), (string Label, string Location)> _labels = new();
    private readonly HashSet<(string, int)> _used = [];

    private DelayedLabels(string path) => Path = path;

    public string Path { get; }
    public int Count => _labels.Count;

    /// <summary>Rows whose label cell was empty.</summary>
    public int Blank { get; private set; }

    public List<string> Duplicates { get; } = [];

    /// <param name="labelColumn">Null: the one column besides the id (and row).</param>
    public static DelayedLabels Load(string path, string idColumn = DefaultIdColumn, string? labelColumn = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"--labels {path}: no such file");
        var raw = CsvReader.Read(path);
        var header = raw.Header;
        // The monitor's labels files name the id column requestId; take one as is.
        if (idColumn == DefaultIdColumn && Array.IndexOf(header, idColumn) < 0 && Array.IndexOf(header, "requestId") >= 0) idColumn = "requestId";
        var id = Array.IndexOf(header, idColumn);
        if (id < 0)
            throw new InvalidInputException($"{path}:1: no column '{idColumn}' (the request id the client sent as X-Request-Id; --id-column names another); found: {string.Join(", ", header)}");
        var row = Array.IndexOf(header, RowColumn);
        var others = header.Where((_, i) => i != id && i != row).ToList();
        labelColumn ??= others.Count == 1 ? others[0]
            : throw new InvalidInputException($"{path}:1: which column is the label? give --label-column (one of {string.Join(", ", others)})");
        var label = Array.IndexOf(header, labelColumn);
        if (label < 0) throw new InvalidInputException($"{path}:1: no label column '{labelColumn}'; found: {string.Join(", ", header)}");

        var labels = new DelayedLabels(path);
        for (var r = 0; r < raw.Rows.Count; r++)
        {
            var cells = raw.Rows[r];
            var at = $"{raw.Source}:{raw.Lines[r]}";
            var requestId = cells[id].Trim();
            if (requestId.Length == 0) throw new InvalidInputException($"{at}: {idColumn} is empty");
            var index = 0;
            if (row >= 0 && !TableLoader.IsBlank(cells[row]) && !int.TryParse(cells[row].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out index))
                throw new InvalidInputException($"{at}: {RowColumn} '{cells[row]}' must be a whole number ≥ 0 (the row's position inside its request)");
            if (TableLoader.IsBlank(cells[label]))
            {
                labels.Blank++;
                continue;
            }
            if (!labels._labels.TryAdd((requestId, index), (cells[label].Trim(), at)))
                labels.Duplicates.Add($"{at}: request '{requestId}'{(index > 0 ? $" row {index}" : "")} labelled again (first at {labels._labels[(requestId, index)].Location}); the first label is used");
        }
        return labels;
    }

    public bool TryGet((string RequestId, int Row) key, out string label, out string location)
    {
        if (_labels.TryGetValue(key, out var found))
        {
            _used.Add(key);
            (label, location) = found;
            return true;
        }
        (label, location) = ("", "");
        return false;
    }

    /// <summary>Labels whose request appears in neither variant's log (after every lookup): a typo, or traffic from elsewhere.</summary>
    public IReadOnlyList<string> Unknown() =>
        _labels.Where(l => !_used.Contains(l.Key)).Select(l => $"{l.Value.Location} ({l.Key.Item1})").ToList();
}
