using System.Collections;

namespace MlOps.Core.Data;

/// <summary>A row-by-row view of column-stored CSV fields; each row's array is made when it is read.</summary>
internal sealed class CsvRows(List<string>[] columns, int count) : IReadOnlyList<string[]>
{
    public int Count => count;

    public string[] this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, count);
            var fields = new string[columns.Length];
            for (var c = 0; c < fields.Length; c++) fields[c] = columns[c][row];
            return fields;
        }
    }

    public IEnumerator<string[]> GetEnumerator()
    {
        for (var r = 0; r < count; r++) yield return this[r];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
