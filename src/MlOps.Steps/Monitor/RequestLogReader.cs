using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;
using MlOps.Reports.Monitor;

namespace MlOps.Steps.Monitor;

/// <summary>
/// Reads the scoring server's request log (see MlOps.Server.RequestLog) a line at a time: each line is parsed, typed
/// into <see cref="LoggedRequest"/> and let go, so a log of any size streams through. A line that is not a
/// well-formed entry, or a row lacking a feature, becomes a <see cref="LogProblem"/> naming file:line; it never stops the read.
/// </summary>
public sealed class RequestLogReader(IReadOnlyList<FeatureProfile> features, ModelCard card)
{
    /// <summary>A request, or the problem that kept a whole line out.</summary>
    public readonly record struct Item(LoggedRequest? Request, LogProblem? Problem);

    public IEnumerable<Item> Read(string path, string displayName)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, displayName, number);
        }
    }

    public Item Parse(string line, string file, int number)
    {
        var at = $"{file}:{number}";
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Bad(at, $"expected a JSON object, found {Kind(root)}");
            if (Text(root, "time") is not { } timeText
                || !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return Bad(at, "'time' is missing or not an ISO 8601 date");
            if (Text(root, "requestId") is not { Length: > 0 } requestId) return Bad(at, "'requestId' is missing or not a string");
            if (Text(root, "modelVersion") is not { Length: > 0 } version) return Bad(at, "'modelVersion' is missing or not a string");
            if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array) return Bad(at, "'inputs' is missing or not an array");
            if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array) return Bad(at, "'outputs' is missing or not an array");
            if (inputs.GetArrayLength() != outputs.GetArrayLength())
                return Bad(at, $"{inputs.GetArrayLength()} inputs but {outputs.GetArrayLength()} outputs");

            var rows = new List<LoggedRow>();
            var problems = new List<LogProblem>();
            var index = 0;
            foreach (var (input, output) in inputs.EnumerateArray().Zip(outputs.EnumerateArray()))
            {
                var error = ReadRow(input, output, index, out var row);
                if (error is null) rows.Add(row!);
                else problems.Add(new LogProblem($"{at} row {index}", error));
                index++;
            }
            return new Item(new LoggedRequest(file, number, time.ToUniversalTime(), requestId, version, rows, problems), null);
        }
        catch (JsonException e)
        {
            return Bad(at, $"not valid JSON: {e.Message}");
        }
    }

    private string? ReadRow(JsonElement input, JsonElement output, int index, out LoggedRow? row)
    {
        row = null;
        if (input.ValueKind != JsonValueKind.Object) return $"the input row is {Kind(input)}, not an object";
        if (output.ValueKind != JsonValueKind.Object) return $"the output is {Kind(output)}, not an object";
        var numbers = new double[features.Count];
        var categories = new string?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            if (!input.TryGetProperty(f.Name, out var v)) return $"feature '{f.Name}' is missing";
            if (f.Kind == ColumnKind.Numeric)
                numbers[i] = v.ValueKind switch
                {
                    JsonValueKind.Number => v.GetDouble(),
                    JsonValueKind.Null => double.NaN,
                    _ => double.NegativeInfinity,
                };
            else
                categories[i] = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Null => null,
                    _ => "\0",
                };
            if (double.IsNegativeInfinity(numbers[i]) || categories[i] == "\0")
                return $"feature '{f.Name}' must be {(f.Kind == ColumnKind.Numeric ? "a number" : "a string")} or null, found {Kind(v)}";
        }
        double score = double.NaN;
        string? label = null;
        double[]? probabilities = null;
        switch (card.Task)
        {
            case ModelTask.BinaryClassification:
                if (Number(output, "probability") is not { } p) return "output 'probability' is missing or not a number";
                score = p;
                label = Text(output, "label");
                break;
            case ModelTask.Regression:
                if (Number(output, "value") is not { } value) return "output 'value' is missing or not a number";
                score = value;
                break;
            default:
                if (!output.TryGetProperty("label", out var l) || l.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return "output 'label' is missing or not a string";
                label = l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                if (!output.TryGetProperty("probabilities", out var probs) || probs.ValueKind != JsonValueKind.Object)
                    return "output 'probabilities' is missing or not an object";
                probabilities = card.Classes.Select(c => probs.TryGetProperty(c, out var pv) && pv.ValueKind == JsonValueKind.Number ? pv.GetDouble() : double.NaN).ToArray();
                break;
        }
        row = new LoggedRow(index, numbers, categories, score, label, probabilities);
        return null;
    }

    /// <summary>A number, NaN for JSON null (the server writes a non-finite score as null), null when absent or not a number.</summary>
    private static double? Number(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : v.ValueKind == JsonValueKind.Null ? double.NaN
        : null;

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Item Bad(string at, string problem) => new(null, new LogProblem(at, problem));

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
