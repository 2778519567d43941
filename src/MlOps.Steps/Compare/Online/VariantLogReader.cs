using System.Globalization;
using System.Text.Json;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Steps.Common;

namespace MlOps.Steps.Compare.Online;

/// <summary>
/// Reads a variant's request log (MlOps.Server.RequestLog's JSON lines) for an online comparison: only ids, times,
/// latencies and outputs, never the inputs. The task is read from the outputs' shape ({probability}, {value},
/// {probabilities}). Unlike monitoring, which skips a bad line, a comparison refuses it with file:line: a verdict
/// must not quietly rest on part of the traffic.
/// </summary>
public static class VariantLogReader
{
    public static VariantLog Read(string path, string role, string flag)
    {
        var files = RequestLogFiles.List(path, flag);
        var predictions = new List<LoggedPrediction>();
        var latencies = new List<double>();
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ModelTask? task = null;
        string? taskAt = null, firstRepeat = null;
        var repeated = 0;
        foreach (var file in files)
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var at = $"{file}:{number}";
                using var doc = Parse(line, at);
                var root = doc.RootElement;
                var id = Text(root, "requestId", at);
                var version = Text(root, "modelVersion", at);
                if (!DateTimeOffset.TryParse(Text(root, "time", at), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                    throw new InvalidInputException($"{at}: 'time' is not an ISO 8601 date");
                if (!root.TryGetProperty("latencyMs", out var latency) || latency.ValueKind != JsonValueKind.Number)
                    throw new InvalidInputException($"{at}: 'latencyMs' is missing or not a number");
                if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
                    throw new InvalidInputException($"{at}: 'outputs' is missing or not an array");
                if (!seen.Add(id))
                {
                    repeated++;
                    firstRepeat ??= $"{at} ({id})";
                    continue;
                }
                versions.Add(version);
                latencies.Add(latency.GetDouble());
                var row = 0;
                foreach (var output in outputs.EnumerateArray())
                {
                    var (rowTask, prediction) = Output(output, id, row, time.ToUniversalTime(), $"{at} row {row}");
                    if (task is null) (task, taskAt) = (rowTask, at);
                    else if (task != rowTask)
                        throw new InvalidInputException($"{at}: a {ModelTaskNames.ToName(rowTask)} prediction, but {taskAt} holds a {ModelTaskNames.ToName(task.Value)} one; is this log from one model?");
                    predictions.Add(prediction);
                    row++;
                }
            }
        }
        if (task is null) throw new InvalidInputException($"{flag} {path}: the request log holds no scored requests");
        latencies.Sort();
        return new VariantLog(role, path, files, task.Value, versions.ToList(), predictions, seen.Count, repeated, firstRepeat, latencies.ToArray());
    }

    private static (ModelTask, LoggedPrediction) Output(JsonElement output, string id, int row, DateTimeOffset time, string at)
    {
        if (output.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{at}: an output must be an object");
        string? label = output.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        if (output.TryGetProperty("probability", out var p))
            return (ModelTask.BinaryClassification, new(id, row, time, Number(p, "probability", at), label, null, at));
        if (output.TryGetProperty("value", out var v))
            return (ModelTask.Regression, new(id, row, time, Number(v, "value", at), null, null, at));
        if (output.TryGetProperty("probabilities", out var ps) && ps.ValueKind == JsonValueKind.Object)
            return (ModelTask.MulticlassClassification, new(id, row, time, double.NaN, label,
                ps.EnumerateObject().ToDictionary(c => c.Name, c => Number(c.Value, $"probabilities.{c.Name}", at), StringComparer.Ordinal), at));
        throw new InvalidInputException($"{at}: an output needs 'probability' (binary), 'value' (regression) or 'probabilities' (multiclass)");
    }

    /// <summary>The server writes a non-finite prediction as null: kept as NaN, so the row counts as unscored.</summary>
    private static double Number(JsonElement e, string name, string at) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.Null => double.NaN,
        _ => throw new InvalidInputException($"{at}: '{name}' must be a number or null"),
    };

    private static string Text(JsonElement root, string name, string at) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s
            : throw new InvalidInputException($"{at}: '{name}' is missing or not a string");

    private static JsonDocument Parse(string line, string at)
    {
        try
        {
            var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            throw new InvalidInputException($"{at}: expected a JSON object per line (a request log from `mlops serve --request-log`)");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{at}: not valid JSON: {e.Message}");
        }
    }
}
