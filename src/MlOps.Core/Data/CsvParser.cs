using System.Buffers;
using System.Text;
using MlOps.Core.Errors;

namespace MlOps.Core.Data;

/// <summary>
/// The scanner behind <see cref="CsvReader"/>. Plain fields (the vast majority) are found with a vectorised search for
/// the next delimiter and become strings straight from the text; quoted fields, and a stray CR or quote inside a field,
/// take a character-by-character path. Repeated values of a column share one string instance, so a million rows of a
/// categorical column cost a few strings rather than a million.
/// </summary>
internal sealed class CsvParser
{
    /// <summary>Below this many characters one thread is as fast as two.</summary>
    private const int ParallelFrom = 4_000_000;

    private static readonly SearchValues<char> Delimiters = SearchValues.Create(",\n\r\"");

    private readonly List<string> _fields = [];
    private readonly List<StringPool> _pools = [];
    private readonly List<int> _lines = [];
    private List<string>[]? _columns;
    private readonly string text;
    private readonly string source;
    private readonly int _from, _end;
    private string[]? _header;
    private int _line, _recordLine;

    /// <summary>Parses <paramref name="text"/>[from..end), whose first character is on line <paramref name="firstLine"/>; with <paramref name="header"/> every record is data.</summary>
    private CsvParser(string text, string source, int from, int end, int firstLine, string[]? header)
    {
        this.text = text;
        this.source = source;
        _from = from;
        _end = end;
        _line = _recordLine = firstLine;
        _header = header;
        if (header is not null) _columns = NewColumns(header.Length);
    }

    /// <summary>
    /// A large file without quotes (so every newline ends a record) is split at a newline near the middle and the two
    /// halves parsed on two threads; anything else is parsed in one pass.
    /// </summary>
    public static CsvReader.RawTable Parse(string text, string source)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        if (text.Length < ParallelFrom || text.AsSpan().Contains('"'))
            return new CsvParser(text, source, start, text.Length, 1, null).Run();
        var headerEnd = text.IndexOf('\n', start);
        var middle = headerEnd < 0 ? -1 : text.IndexOf('\n', headerEnd + (text.Length - headerEnd) / 2);
        if (middle < 0 || text.AsSpan(start, headerEnd - start).IsWhiteSpace())
            return new CsvParser(text, source, start, text.Length, 1, null).Run();
        var header = new CsvParser(text, source, start, headerEnd + 1, 1, null).Run().Header;
        var secondLine = 2 + text.AsSpan(headerEnd + 1, middle - headerEnd).Count('\n');
        var halves = new[]
        {
            new CsvParser(text, source, headerEnd + 1, middle + 1, 2, header),
            new CsvParser(text, source, middle + 1, text.Length, secondLine, header),
        };
        var results = new CsvReader.RawTable?[2];
        var errors = new Exception?[2];
        Parallel.For(0, 2, i =>
        {
            try { results[i] = halves[i].Run(); }
            catch (Exception e) { errors[i] = e; }
        });
        // The earlier half's error is the one a sequential read would have reported.
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        for (var c = 0; c < header.Length; c++) results[0]!.Columns[c].AddRange(results[1]!.Columns[c]);
        results[0]!.Lines.AddRange(results[1]!.Lines);
        return results[0]!;
    }

    private CsvReader.RawTable Run()
    {
        var pos = _from;
        while (pos < _end)
        {
            var (value, end) = ReadField(pos);
            AddField(value);
            if (end >= _end)
            {
                EndRecord();
                break;
            }
            pos = end + 1;
            if (text[end] == '\n')
            {
                EndRecord();
                _recordLine = ++_line;
            }
        }
        if (_header is null)
            throw new InvalidInputException($"{source}: the file is empty; expected a header row");
        return new CsvReader.RawTable(source, _header, _columns!, _lines);
    }

    /// <summary>The field starting at <paramref name="start"/> and the index of its terminator (',' or '\n'; the text's length at the end).</summary>
    private (ReadOnlyMemory<char> Value, int End) ReadField(int start)
    {
        var rest = text.AsSpan(start, _end - start);
        var stop = rest.IndexOfAny(Delimiters);
        if (stop < 0) return (text.AsMemory(start, _end - start), _end);
        var end = start + stop;
        switch (text[end])
        {
            case ',' or '\n':
                return (text.AsMemory(start, stop), end);
            case '\r' when end + 1 == _end || text[end + 1] == '\n':
                // CRLF: the CR belongs to the line ending, not the value.
                return (text.AsMemory(start, stop), end + 1 == _end ? _end : end + 1);
            default:
                return ReadSlowly(start);
        }
    }

    /// <summary>RFC 4180 quoting and stray CRs, one character at a time (rare).</summary>
    private (ReadOnlyMemory<char> Value, int End) ReadSlowly(int start)
    {
        var field = new StringBuilder();
        var pos = start;
        for (; pos < _end; pos++)
        {
            var c = text[pos];
            if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                var quoteLine = _recordLine;
                for (pos++; ; pos++)
                {
                    if (pos >= _end)
                        throw new InvalidInputException($"{source}:{quoteLine}: a quoted field is not closed before the end of the file");
                    c = text[pos];
                    if (c != '"')
                    {
                        if (c == '\n') _line++;
                        field.Append(c);
                    }
                    else if (pos + 1 < _end && text[pos + 1] == '"') field.Append(text[++pos]);
                    else break;
                }
                continue;
            }
            if (c is ',' or '\n') break;
            if (c != '\r') field.Append(c);
        }
        return (field.ToString().AsMemory(), pos);
    }

    private void AddField(ReadOnlyMemory<char> value)
    {
        if (_pools.Count <= _fields.Count) _pools.Add(new StringPool());
        _fields.Add(_pools[_fields.Count].Get(value.Span));
    }

    /// <summary>
    /// Fields go straight into their column: no array per row for the garbage collector to copy from generation to
    /// generation (a million of them were a large share of reading a file), and typing a column reads it in order.
    /// </summary>
    private void EndRecord()
    {
        var count = _fields.Count;
        if (count == 1 && _fields[0].Length == 0) // blank line
        {
            _fields.Clear();
            return;
        }
        if (_header is null)
        {
            _header = _fields.Select(h => h.Trim()).ToArray();
            _fields.Clear();
            CsvReader.CheckHeader(_header, source);
            _columns = NewColumns(_header.Length);
            return;
        }
        if (count != _header.Length)
            throw new InvalidInputException($"{source}:{_recordLine}: expected {_header.Length} fields as in the header, found {count}");
        for (var c = 0; c < count; c++) _columns![c].Add(_fields[c]);
        _fields.Clear();
        _lines.Add(_recordLine);
    }

    /// <summary>Sized for one record per remaining line (an upper bound), so the columns never grow by copying.</summary>
    private List<string>[] NewColumns(int count)
    {
        var rows = _end > _from ? text.AsSpan(_from, _end - _from).Count('\n') + 1 : 0;
        _lines.Capacity = rows;
        return Enumerable.Range(0, count).Select(_ => new List<string>(rows)).ToArray();
    }

    /// <summary>One instance per distinct value of a column, up to a bound so an ID column cannot grow it without limit.</summary>
    private sealed class StringPool
    {
        private const int MaxDistinct = 4096;
        private readonly HashSet<string> _values = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty) return "";
            var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(value, out var pooled)) return pooled;
            var created = value.ToString();
            if (_values.Count < MaxDistinct) _values.Add(created);
            return created;
        }
    }
}
