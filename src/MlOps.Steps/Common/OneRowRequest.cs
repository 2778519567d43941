using System.Text.Json;
using MlOps.Core.Data;

namespace MlOps.Steps.Common;

/// <summary>
/// A /score body of one CSV row, as a scoring client sends it: `[{"feature": value, ...}]`, a blank cell null
/// (missing), a numeric feature's number a JSON number, anything else its trimmed text (a number that is not one:
/// the server's 400 names the field). What a replayed request and a deploy's smoke test both send.
/// </summary>
public static class OneRowRequest
{
    public static byte[] Body(IEnumerable<(string Name, string Cell, ColumnKind Kind)> cells)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            foreach (var (name, cell, kind) in cells)
            {
                var text = cell.Trim();
                if (TableLoader.IsBlank(text)) json.WriteNull(name);
                else if (kind == ColumnKind.Numeric && TableLoader.TryNumber(text, out var number)) json.WriteNumber(name, number);
                else json.WriteString(name, text);
            }
            json.WriteEndObject();
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
