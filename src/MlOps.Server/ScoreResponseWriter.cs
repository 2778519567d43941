using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>Predictions as JSON objects per row; NaN becomes null because JSON has no NaN.</summary>
public static class ScoreResponseWriter
{
    public static object Write(string model, ModelCard card, Predictions predictions)
    {
        var rows = new List<object>(predictions.Count);
        for (var i = 0; i < predictions.Count; i++)
            rows.Add(card.Task switch
            {
                ModelTask.BinaryClassification => Binary(card, predictions.Probabilities![i]),
                ModelTask.MulticlassClassification => new
                {
                    label = card.Classes[predictions.PredictedClass(i)],
                    probabilities = card.Classes.Select((c, k) => (c, k)).ToDictionary(x => x.c, x => Number(predictions.ClassProbabilities![i][x.k])),
                },
                _ => (object)new { value = Number(predictions.Values![i]) },
            });
        return new { model, predictions = rows };
    }

    private static object Binary(ModelCard card, double probability)
    {
        var negative = card.Classes.FirstOrDefault(c => c != card.Positive) ?? "0";
        return new { label = probability >= 0.5 ? card.Positive : negative, probability = Number(probability) };
    }

    private static double? Number(double value) => double.IsFinite(value) ? value : null;
}
