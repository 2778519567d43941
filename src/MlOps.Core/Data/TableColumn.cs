namespace MlOps.Core.Data;

/// <summary>
/// One typed column. Numeric values are doubles with NaN for missing; categorical values are strings with null for
/// missing. Keeping both representations in one type lets a column be re-typed without re-reading the file.
/// </summary>
public sealed class TableColumn
{
    private TableColumn(string name, ColumnKind kind, double[]? numbers, string?[]? strings)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers ?? [];
        Strings = strings ?? [];
    }

    public string Name { get; }
    public ColumnKind Kind { get; }
    public double[] Numbers { get; }
    public string?[] Strings { get; }
    public int Length => Kind == ColumnKind.Numeric ? Numbers.Length : Strings.Length;

    public static TableColumn Numeric(string name, double[] values) => new(name, ColumnKind.Numeric, values, null);
    public static TableColumn Categorical(string name, string?[] values) => new(name, ColumnKind.Categorical, null, values);

    public bool IsMissing(int row) => Kind == ColumnKind.Numeric ? double.IsNaN(Numbers[row]) : Strings[row] is null;

    public string? Format(int row) => Kind == ColumnKind.Numeric
        ? (double.IsNaN(Numbers[row]) ? null : Numbers[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture))
        : Strings[row];

    public TableColumn Select(IReadOnlyList<int> rows) => Kind == ColumnKind.Numeric
        ? Numeric(Name, rows.Select(r => Numbers[r]).ToArray())
        : Categorical(Name, rows.Select(r => Strings[r]).ToArray());
}
