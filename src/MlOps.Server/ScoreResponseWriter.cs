using System.Text.Encodings.Web;
using System.Text.Json;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Writes {"model": ..., "predictions": [...]} with one object per row, shaped by task:
/// binary {"label", "probability"} (probability of the positive class), multiclass {"label", "probabilities"},
/// regression {"value"}. A non-finite number becomes null because JSON has no NaN and the writer would throw.
/// </summary>
public static class ScoreResponseWriter
{
    /// <summary>
    /// A model that answers with the wrong shape is a server fault; checking before writing means the client gets a
    /// clean 500 rather than a half-written 200.
    /// </summary>
    public static void CheckShape(ModelCard card, Predictions predictions, int rows)
    {
        if (predictions.Task != card.Task)
            throw new InvalidOperationException($"the model predicted {predictions.Task.ToName()} but its card says {card.Task.ToName()}");
        var length = card.Task switch
        {
            ModelTask.BinaryClassification => predictions.Probabilities?.Length,
            ModelTask.MulticlassClassification => predictions.ClassProbabilities?.Length,
            _ => predictions.Values?.Length,
        };
        if (length != rows || predictions.Count != rows)
            throw new InvalidOperationException($"the model returned {length?.ToString() ?? "no"} predictions for {rows} rows");
        if (card.Task == ModelTask.MulticlassClassification)
        {
            var classes = ClassesOf(card, predictions);
            var bad = Array.FindIndex(predictions.ClassProbabilities!, p => p is null || p.Length != classes.Count);
            if (bad >= 0)
                throw new InvalidOperationException($"row {bad}: the model returned {predictions.ClassProbabilities![bad]?.Length ?? 0} probabilities for {classes.Count} classes");
        }
        if (card.Task == ModelTask.BinaryClassification && card.Positive is null)
            throw new InvalidOperationException($"the card of binary model '{card.Name}' names no positive class");
    }

    public static void Write(Utf8JsonWriter json, string model, ModelCard card, Predictions predictions)
    {
        json.WriteStartObject();
        json.WriteString("model", model);
        WritePredictions(json, "predictions", card, predictions);
        json.WriteEndObject();
    }

    /// <summary>The predictions array alone; the request log writes the same objects a client received.</summary>
    public static void WritePredictions(Utf8JsonWriter json, string name, ModelCard card, Predictions predictions)
    {
        json.WriteStartArray(name);
        var classes = ClassesOf(card, predictions);
        var encodedClasses = card.Task == ModelTask.MulticlassClassification ? classes.Select(c => JsonEncodedText.Encode(c, LabelEncoder)).ToArray() : [];
        var negative = card.Classes.FirstOrDefault(c => c != card.Positive);
        // Encoded once per response rather than once per row.
        JsonEncodedText? positiveLabel = card.Positive is { } positive ? JsonEncodedText.Encode(positive, LabelEncoder) : null;
        JsonEncodedText? negativeLabel = negative is not null ? JsonEncodedText.Encode(negative, LabelEncoder) : null;
        for (var i = 0; i < predictions.Count; i++)
        {
            json.WriteStartObject();
            switch (card.Task)
            {
                case ModelTask.BinaryClassification:
                    var p = predictions.Probabilities![i];
                    // The same 0.5 cut the evaluation uses; no label at all when the model gave no probability.
                    if ((double.IsFinite(p) ? p >= 0.5 ? positiveLabel : negativeLabel : null) is { } label) json.WriteString(Label, label);
                    else json.WriteNull(Label);
                    WriteNumber(json, Probability, p);
                    break;
                case ModelTask.MulticlassClassification:
                    var row = predictions.ClassProbabilities![i];
                    if (ArgMax(row) is var best and >= 0) json.WriteString(Label, encodedClasses[best]);
                    else json.WriteNull(Label);
                    json.WriteStartObject("probabilities");
                    for (var k = 0; k < classes.Count; k++) WriteNumber(json, encodedClasses[k], row[k]);
                    json.WriteEndObject();
                    break;
                default:
                    WriteNumber(json, Value, predictions.Values![i]);
                    break;
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The model's own class order wins: its probabilities are in that order.</summary>
    internal static IReadOnlyList<string> ClassesOf(ModelCard card, Predictions predictions) =>
        predictions.Classes is { Count: > 0 } own ? own : card.Classes;

    /// <summary>The most probable class among finite probabilities (a NaN must not win by comparing false); -1 if none.</summary>
    internal static int ArgMax(double[] probabilities)
    {
        var best = -1;
        for (var k = 0; k < probabilities.Length; k++)
            if (double.IsFinite(probabilities[k]) && (best < 0 || probabilities[k] > probabilities[best])) best = k;
        return best;
    }

    internal static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void WriteNumber(Utf8JsonWriter json, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>
    /// Labels as they are, only what JSON itself requires escaped: the default encoder also escapes HTML-sensitive
    /// characters, which made Adult's "&lt;=50K" the unreadable "\u003C=50K" and a 1,000-row response 7% longer. The
    /// body is application/json, never embedded in a page by the server.
    /// </summary>
    private static readonly JavaScriptEncoder LabelEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Probability = JsonEncodedText.Encode("probability");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
}
