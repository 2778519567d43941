using System.Text;
using MlOps.Core.Errors;

namespace MlOps.Core.Data;

/// <summary>
/// RFC 4180 CSV: quoted fields with doubled quotes and embedded newlines, CRLF or LF, an optional UTF-8 BOM.
/// Hand-written because the rows must keep their source line numbers for error messages.
/// </summary>
public static class CsvReader
{
    public sealed record RawTable(string Source, string[] Header, List<string[]> Rows, List<int> Lines);

    public static RawTable Read(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        if (!File.Exists(path))
            throw new InvalidInputException($"{name}: data file not found");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, name);
    }

    public static RawTable Parse(TextReader reader, string source)
    {
        string[]? header = null;
        var rows = new List<string[]>();
        var lines = new List<int>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool inQuotes = false, any = false;

        void EndField()
        {
            // Values keep their spaces: a whitespace-only value is reported as such by TableLoader.
            fields.Add(field.ToString());
            field.Clear();
        }

        void EndRecord()
        {
            EndField();
            var record = fields.ToArray();
            fields.Clear();
            if (record.Length == 1 && record[0].Length == 0) return; // blank line
            if (header is null)
            {
                header = record.Select(h => h.Trim()).ToArray();
                CheckHeader(header, source);
            }
            else
            {
                if (record.Length != header.Length)
                    throw new InvalidInputException(
                        $"{source}:{recordLine}: expected {header.Length} fields as in the header, found {record.Length}");
                rows.Add(record);
                lines.Add(recordLine);
            }
        }

        int ch;
        while ((ch = reader.Read()) != -1)
        {
            any = true;
            var c = (char)ch;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.ToString().Trim().Length == 0:
                    field.Clear();
                    inQuotes = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes)
            throw new InvalidInputException($"{source}:{recordLine}: a quoted field is not closed before the end of the file");
        if (any && (field.Length > 0 || fields.Count > 0)) EndRecord();
        if (header is null)
            throw new InvalidInputException($"{source}: the file is empty; expected a header row");
        return new RawTable(source, header, rows, lines);
    }

    private static void CheckHeader(string[] header, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
                throw new InvalidInputException($"{source}:1: column {i + 1} of the header has no name");
            if (!seen.Add(header[i]))
                throw new InvalidInputException($"{source}:1: column name '{header[i]}' appears twice in the header");
        }
    }
}
