using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models.MlNet;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Scores rows with the ML.NET model and with its ONNX export and fails when they disagree beyond float rounding,
/// so a wrong export stops the training run instead of reaching the registry. The bounds are ten times looser than
/// the exporter's tests (1e-5 in probability, 1e-4 relative): this guards against a wrong graph, not against rounding.
/// </summary>
public static class ExportCheck
{
    public const int MaxRows = 10_000;

    public static void Verify(ITransformer model, string onnxFile, ModelCard card, Table table)
    {
        var rows = table.RowCount <= MaxRows ? table : table.SelectRows(Enumerable.Range(0, MaxRows).ToArray());
        var expected = Flatten(MlNetScores(model, card, rows));
        double[] actual;
        using (var onnx = new OnnxModel(onnxFile, card))
            actual = Flatten(onnx.Predict(rows));
        if (actual.Length != expected.Length)
            throw Mismatch($"{actual.Length} values from ONNX, {expected.Length} from ML.NET");
        var relative = card.Task == ModelTask.Regression;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(actual[i] - expected[i]) / (relative ? Math.Max(Math.Abs(expected[i]), 1e-6) : 1);
            if (!(difference <= (relative ? 1e-3 : 1e-4)))
                throw Mismatch($"ML.NET predicts {expected[i]:R}, the ONNX model {actual[i]:R} (value {i} of the first {rows.RowCount} rows)");
        }
    }

    /// <summary>The same outputs <see cref="MlNetModel"/> reads from a saved model, from the model in memory.</summary>
    private static Predictions MlNetScores(ITransformer model, ModelCard card, Table rows)
    {
        var scored = model.Transform(FeatureView.For(rows, card.Features));
        return card.Task switch
        {
            ModelTask.BinaryClassification => Predictions.Binary(scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray()),
            ModelTask.MulticlassClassification => Predictions.Multiclass(
                scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().Select(p => (double)p).ToArray()).ToArray(), card.Classes),
            _ => Predictions.Regression(scored.GetColumn<float>("Score").Select(s => (double)s).ToArray()),
        };
    }

    private static double[] Flatten(Predictions p) =>
        p.Probabilities ?? p.Values ?? p.ClassProbabilities!.SelectMany(x => x).ToArray();

    private static MlOpsException Mismatch(string detail) =>
        new(ExitCodes.InternalError, $"the ONNX export does not reproduce the trained model: {detail}; use train.export: mlnet and report this");
}
