using MlOps.Core.Errors;

namespace MlOps.Core.Data;

/// <summary>
/// RFC 4180 CSV: quoted fields with doubled quotes and embedded newlines, CRLF or LF, an optional UTF-8 BOM.
/// Hand-written because the rows must keep their source line numbers for error messages; the scanning itself is in
/// <see cref="CsvParser"/>.
/// </summary>
public static class CsvReader
{
    /// <summary>The text of each field, column by column (<see cref="Columns"/>[c][r]), and each row's source line.</summary>
    public sealed record RawTable(string Source, string[] Header, List<string>[] Columns, List<int> Lines)
    {
        public int RowCount => Lines.Count;

        /// <summary>Row by row, for callers that want whole records (each one built when asked for).</summary>
        public IReadOnlyList<string[]> Rows => new CsvRows(Columns, RowCount);
    }

    public static RawTable Read(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        if (!File.Exists(path))
            throw new InvalidInputException($"{name}: data file not found");
        var bytes = File.ReadAllBytes(path);
        // UTF-8 (the usual case) is decoded in one call; another byte order mark is left to StreamReader to detect.
        if (bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Parse(reader, name);
        }
        return CsvParser.Parse(System.Text.Encoding.UTF8.GetString(bytes), name);
    }

    public static RawTable Parse(TextReader reader, string source) => CsvParser.Parse(reader.ReadToEnd(), source);

    internal static void CheckHeader(string[] header, string source)
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
