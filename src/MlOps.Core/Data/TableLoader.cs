using System.Globalization;
using MlOps.Core.Errors;

namespace MlOps.Core.Data;

/// <summary>
/// Turns CSV text into typed columns. Types are inferred (a column is numeric when every non-blank value parses as a
/// number), forced by <c>data.types</c>, or taken from a model's signature when scoring. Blank and whitespace-only
/// values are missing; a value that does not fit a numeric column is an error naming file, line and column.
/// </summary>
public static class TableLoader
{
    /// <summary>Share of parseable values above which a column with a few non-numbers is treated as a broken numeric column.</summary>
    private const double MostlyNumeric = 0.95;

    public static Table Load(string path, IReadOnlyDictionary<string, ColumnKind>? forcedKinds = null,
        string? displayName = null, ICollection<string>? notes = null)
        => FromRaw(CsvReader.Read(path, displayName), forcedKinds, notes);

    public static Table FromRaw(CsvReader.RawTable raw, IReadOnlyDictionary<string, ColumnKind>? forcedKinds = null,
        ICollection<string>? notes = null)
    {
        forcedKinds ??= new Dictionary<string, ColumnKind>();
        foreach (var forced in forcedKinds.Keys)
            if (Array.IndexOf(raw.Header, forced) < 0)
                throw new InvalidInputException(
                    $"{raw.Source}: column '{forced}' has a declared type but is not in the header ({string.Join(", ", raw.Header)})");

        // Columns are typed independently, on every core; notes and the first error come out in column order, as
        // they would one column at a time.
        var count = raw.Header.Length;
        var columns = new TableColumn[count];
        var columnNotes = new List<string>[count];
        var errors = new Exception?[count];
        Parallel.For(0, count, c =>
        {
            columnNotes[c] = [];
            try
            {
                var local = notes is null ? null : columnNotes[c];
                columns[c] = forcedKinds.TryGetValue(raw.Header[c], out var kind)
                    ? kind == ColumnKind.Numeric ? ParseNumeric(raw, c, local) : ParseCategorical(raw, c)
                    : Infer(raw, c, local);
            }
            catch (Exception e)
            {
                errors[c] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        if (notes is not null)
            foreach (var note in columnNotes.SelectMany(n => n)) notes.Add(note);
        return new Table(columns, raw.Lines.ToArray(), raw.Source);
    }

    /// <summary>Parses the column as numbers while deciding whether it is numeric, so numbers are parsed only once.</summary>
    private static TableColumn Infer(CsvReader.RawTable raw, int c, ICollection<string>? notes)
    {
        var column = raw.Columns[c];
        var values = new double[raw.RowCount];
        var numbers = new NumberCache();
        int present = 0, numeric = 0, firstBad = -1;
        for (var r = 0; r < values.Length; r++)
        {
            var v = column[r];
            values[r] = double.NaN;
            if (IsBlank(v)) continue;
            present++;
            if (numbers.TryParse(v, out values[r])) numeric++;
            else
            {
                values[r] = double.NaN;
                if (firstBad < 0) firstBad = r;
            }
        }
        if (present > 0 && numeric == present)
        {
            NoteWhitespace(raw, c, notes);
            return TableColumn.Numeric(raw.Header[c], values);
        }
        if (present >= 20 && numeric >= MostlyNumeric * present)
            throw new InvalidInputException(
                $"{raw.Source}:{raw.Lines[firstBad]}: column '{raw.Header[c]}' is numeric in {numeric} of {present} rows " +
                $"but has '{raw.Columns[c][firstBad]}' here; fix the value, or declare the column in mlops.yml " +
                $"(data.types: {{ {raw.Header[c]}: categorical }})");
        return ParseCategorical(raw, c);
    }

    private static TableColumn ParseNumeric(CsvReader.RawTable raw, int c, ICollection<string>? notes)
    {
        var column = raw.Columns[c];
        var values = new double[raw.RowCount];
        var numbers = new NumberCache();
        for (var r = 0; r < values.Length; r++)
        {
            var v = column[r];
            if (IsBlank(v)) values[r] = double.NaN;
            else if (!numbers.TryParse(v, out values[r]))
                throw new InvalidInputException(
                    $"{raw.Source}:{raw.Lines[r]}: column '{raw.Header[c]}' expects a number, found '{v}'");
        }
        NoteWhitespace(raw, c, notes);
        return TableColumn.Numeric(raw.Header[c], values);
    }

    /// <summary>Whitespace-only numbers (Telco's TotalCharges) are missing values; say so, with the first line.</summary>
    private static void NoteWhitespace(CsvReader.RawTable raw, int c, ICollection<string>? notes)
    {
        var column = raw.Columns[c];
        if (notes is null) return;
        int count = 0, first = -1;
        for (var r = 0; r < raw.RowCount; r++)
        {
            var v = column[r];
            if (v.Length > 0 && IsBlank(v) && count++ == 0) first = r;
        }
        if (count > 0)
            notes.Add($"{raw.Source}: column '{raw.Header[c]}' has {count} whitespace-only value(s) " +
                      $"(first at line {raw.Lines[first]}), treated as missing");
    }

    private static TableColumn ParseCategorical(CsvReader.RawTable raw, int c)
    {
        var column = raw.Columns[c];
        var values = new string?[raw.RowCount];
        for (var r = 0; r < values.Length; r++)
        {
            var v = column[r];
            values[r] = IsBlank(v) ? null : v.Trim();
        }
        return TableColumn.Categorical(raw.Header[c], values);
    }

    public static bool IsBlank(string v) => string.IsNullOrWhiteSpace(v);

    public static bool TryNumber(string v, out double value) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// The CSV reader hands out one string per distinct value of a column (up to a bound), so a value seen before is
    /// found by reference instead of being parsed again: ages, counts and codes repeat on every row.
    /// </summary>
    private sealed class NumberCache
    {
        private const int MaxEntries = 4096;
        private readonly Dictionary<string, double> _parsed = new(ReferenceEqualityComparer.Instance);

        public bool TryParse(string v, out double value)
        {
            if (_parsed.TryGetValue(v, out value)) return !double.IsNaN(value);
            var ok = TryNumber(v, out value);
            if (_parsed.Count < MaxEntries) _parsed[v] = ok ? value : double.NaN;
            if (!ok) value = double.NaN;
            return ok;
        }
    }
}
