using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// The fast path for the body nearly every client sends: an array of row objects, bare or as the only member
/// "rows", "dataframe_records" or "inputs". Read in one pass with Utf8JsonReader straight into typed columns, without
/// building a JsonDocument and an element per value first, which cost more than scoring a 1,000-row request. It
/// only accepts what the general reader (<see cref="ScoreRequestReader"/>) would turn into the same table; anything
/// else (another shape, an extra, missing or repeated key, a wrong type, malformed JSON, too many rows) returns
/// null, and the general reader reads the body again and gives the same table or the precise error.
/// </summary>
internal static class DirectRowReader
{
    private static readonly ConditionalWeakTable<ModelCard, CategoryCache[]> Caches = [];

    public static Table? TryRead(ReadOnlySpan<byte> body, ModelCard card, int maxRows)
    {
        try
        {
            return Read(body, card, maxRows);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Table? Read(ReadOnlySpan<byte> body, ModelCard card, int maxRows)
    {
        // The parser's defaults are JsonDocument.Parse's (no comments or trailing commas, depth 64).
        var reader = new Utf8JsonReader(body);
        if (!reader.Read()) return null;
        Table? table;
        if (reader.TokenType == JsonTokenType.StartArray) table = ReadRows(ref reader, card, maxRows, Capacity(body, card, maxRows, wrapped: false));
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName
                || !(reader.ValueTextEquals("dataframe_records"u8) || reader.ValueTextEquals("rows"u8) || reader.ValueTextEquals("inputs"u8))
                || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                return null;
            table = ReadRows(ref reader, card, maxRows, Capacity(body, card, maxRows, wrapped: true));
            // The wrapper must be the body's only member.
            if (table is null || !reader.Read() || reader.TokenType != JsonTokenType.EndObject) return null;
        }
        else return null;
        // Past the root value only whitespace may follow; Read throws on anything else.
        return table is not null && !reader.Read() ? table : null;
    }

    /// <summary>
    /// The most rows the body can hold, so columns are made once at their final length: grown by doubling, each
    /// column was copied and reallocated nine times over for 1,000 rows, then trimmed. Every row is an object, so the
    /// body's '{' bytes bound the count (but a wrapper object's, and any inside strings); every row also holds
    /// each feature's name and a value, which keeps a body of braces in a string from reserving columns it cannot fill.
    /// </summary>
    private static int Capacity(ReadOnlySpan<byte> body, ModelCard card, int maxRows, bool wrapped)
    {
        var objects = body.Count((byte)'{') - (wrapped ? 1 : 0);
        var rowBytes = 2; // {}
        foreach (var name in FeatureNames.Utf8(card)) rowBytes += name.Length + 4; // "name":v,
        return Math.Min(Math.Min(objects, body.Length / rowBytes), maxRows);
    }

    /// <summary>From just after the array's "[" to its "]".</summary>
    /// <param name="capacity">The most rows the body can hold; columns start this long.</param>
    private static Table? ReadRows(ref Utf8JsonReader reader, ModelCard card, int maxRows, int capacity)
    {
        var names = FeatureNames.Utf8(card);
        var features = card.Features;
        var columns = new Column[features.Count];
        var caches = Caches.GetValue(card, c => c.Features.Select(_ => new CategoryCache()).ToArray());
        for (var f = 0; f < columns.Length; f++) columns[f] = new Column(features[f].Kind == ColumnKind.Numeric ? null : caches[f], capacity);
        Span<bool> seen = features.Count <= 256 ? stackalloc bool[features.Count] : new bool[features.Count];
        var rows = 0;
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.StartObject || rows == maxRows) return null;
            seen.Clear();
            var next = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var f = FeatureOf(ref reader, names, next);
                if (f < 0 || seen[f] || !reader.Read() || !columns[f].Set(ref reader, rows)) return null;
                seen[f] = true;
                next = f + 1;
            }
            if (reader.TokenType != JsonTokenType.EndObject || seen.Contains(false)) return null;
            rows++;
        }
        if (rows == 0) return null;
        var built = new TableColumn[columns.Length];
        for (var f = 0; f < columns.Length; f++) built[f] = columns[f].Build(features[f].Name, rows);
        return new Table(built, Enumerable.Range(0, rows).ToArray(), "request");
    }

    /// <summary>The expected feature first: clients send every row's keys in the same order.</summary>
    private static int FeatureOf(ref Utf8JsonReader reader, byte[][] names, int expected)
    {
        if (expected < names.Length && reader.ValueTextEquals(names[expected])) return expected;
        for (var f = 0; f < names.Length; f++)
            if (f != expected && reader.ValueTextEquals(names[f])) return f;
        return -1;
    }

    /// <summary>One feature's values, typed as <see cref="ScoreRequestReader"/> types them; false for any value it would refuse.</summary>
    /// <param name="categories">Null for a numeric feature.</param>
    private sealed class Column(CategoryCache? categories, int capacity)
    {
        private readonly bool numeric = categories is null;
        private double[] _numbers = categories is null ? new double[Math.Max(capacity, 1)] : [];
        private string?[] _strings = categories is null ? [] : new string?[Math.Max(capacity, 1)];

        public bool Set(ref Utf8JsonReader reader, int row)
        {
            if (numeric)
            {
                if (row == _numbers.Length) Array.Resize(ref _numbers, row * 2);
                if (reader.TokenType == JsonTokenType.Null) _numbers[row] = double.NaN;
                else if (reader.TokenType == JsonTokenType.Number && SmallInteger(reader.ValueSpan) is { } whole) _numbers[row] = whole;
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d)) _numbers[row] = d;
                else return false;
                return true;
            }
            if (row == _strings.Length) Array.Resize(ref _strings, row * 2);
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: _strings[row] = null; return true;
                case JsonTokenType.String:
                    _strings[row] = reader.ValueIsEscaped ? CategoryText.OfString(reader.GetString()!) : categories!.Of(reader.ValueSpan);
                    return true;
                // A number token has no escapes: its bytes are its text.
                case JsonTokenType.Number:
                    _strings[row] = CategoryText.OfNumber(reader.TryGetDouble(out var d), d) ?? Encoding.UTF8.GetString(reader.ValueSpan);
                    return true;
                default: return false;
            }
        }

        /// <summary>
        /// A number token of at most 15 plain digits (ages, counts, amounts: most numeric features), its value exactly as
        /// TryGetDouble gives it, in a fraction of the time; null for anything else (a sign, a fraction, an exponent).
        /// </summary>
        private static double? SmallInteger(ReadOnlySpan<byte> token)
        {
            if (token.Length > 15) return null;
            long value = 0;
            foreach (var b in token)
            {
                var digit = b - (byte)'0';
                if ((uint)digit > 9) return null;
                value = value * 10 + digit;
            }
            return value;
        }

        public TableColumn Build(string name, int rows)
        {
            if (numeric)
            {
                if (_numbers.Length != rows) Array.Resize(ref _numbers, rows);
                return TableColumn.Numeric(name, _numbers);
            }
            if (_strings.Length != rows) Array.Resize(ref _strings, rows);
            return TableColumn.Categorical(name, _strings);
        }
    }
}
