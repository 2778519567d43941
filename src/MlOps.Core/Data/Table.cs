namespace MlOps.Core.Data;

/// <summary>
/// An in-memory, column-oriented table. <see cref="SourceLines"/> keeps the 1-based line in the source file of each
/// row so every later error (an unknown label, a bad value) can point at the exact place.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _byName;

    public Table(IReadOnlyList<TableColumn> columns, int[]? sourceLines = null, string? source = null)
    {
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != RowCount))
            throw new ArgumentException("all columns must have the same length");
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        SourceLines = sourceLines ?? Enumerable.Range(2, RowCount).ToArray();
        Source = source ?? "<memory>";
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    public int RowCount { get; }
    public int[] SourceLines { get; }
    public string Source { get; }
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool Has(string name) => _byName.ContainsKey(name);

    public TableColumn this[string name] => _byName.TryGetValue(name, out var c)
        ? c
        : throw new KeyNotFoundException($"column '{name}' is not in {Source}");

    public TableColumn? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Where row <paramref name="row"/> came from, as "file:line".</summary>
    public string Locate(int row) => $"{Source}:{SourceLines[row]}";

    public Table SelectRows(IReadOnlyList<int> rows) =>
        new(Columns.Select(c => c.Select(rows)).ToList(), rows.Select(r => SourceLines[r]).ToArray(), Source);
}
