using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Server;

namespace MlOps.Steps.Package;

/// <summary>
/// The first rows of a test CSV as /score requests (one JSON record each, features typed by the model card) and the
/// predictions offline scoring gives them, in the exact shape the server answers with (ScoreResponseWriter), so the
/// two compare field by field.
/// </summary>
public sealed record ValidationRows(IReadOnlyList<string> Requests, IReadOnlyList<JsonElement> Expected)
{
    public static ValidationRows From(string csvPath, string modelPath, int maxRows)
    {
        using var model = ModelLoader.Load(modelPath);
        var table = ModelInput.LoadCsv(csvPath, model.Card);
        var predictions = model.Predict(table);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            ScoreResponseWriter.WritePredictions(json, "predictions", model.Card, predictions);
            json.WriteEndObject();
        }
        var expected = JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("predictions").EnumerateArray().Take(maxRows).ToList();

        var raw = CsvReader.Read(csvPath);
        var requests = raw.Rows.Take(expected.Count).Select(row => Request(raw.Header, row, model.Card)).ToList();
        return new ValidationRows(requests, expected);
    }

    private static string Request(string[] header, string[] row, ModelCard card)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            foreach (var feature in card.Features)
            {
                var value = row[Array.IndexOf(header, feature.Name)];
                if (feature.Kind == ColumnKind.Numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    json.WriteNumber(feature.Name, number);
                else if (feature.Kind == ColumnKind.Numeric && string.IsNullOrWhiteSpace(value))
                    json.WriteNull(feature.Name);
                else
                    json.WriteString(feature.Name, value);
            }
            json.WriteEndObject();
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Equal labels and numbers equal to 1e-9 (relative): the same model code on the same input, only the JSON round trip between.</summary>
    public static bool Same(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            double a = expected.GetDouble(), b = actual.GetDouble();
            return Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        }
        if (expected.ValueKind != actual.ValueKind) return false;
        return expected.ValueKind switch
        {
            JsonValueKind.Object => expected.EnumerateObject().Count() == actual.EnumerateObject().Count()
                && expected.EnumerateObject().All(p => actual.TryGetProperty(p.Name, out var other) && Same(p.Value, other)),
            JsonValueKind.Array => expected.GetArrayLength() == actual.GetArrayLength()
                && expected.EnumerateArray().Zip(actual.EnumerateArray()).All(pair => Same(pair.First, pair.Second)),
            JsonValueKind.String => expected.GetString() == actual.GetString(),
            _ => true,
        };
    }
}
