using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Models.MlNet;

/// <summary>An ML.NET model.zip saved by <c>mlops train</c>: featurization + trainer, scored through a table view.</summary>
public sealed class MlNetModel : IScoringModel
{
    private readonly ITransformer _transformer;

    public MlNetModel(string path, ModelCard card)
    {
        Card = card;
        _transformer = new MLContext().Model.Load(path, out _);
    }

    public ModelCard Card { get; }

    public Predictions Predict(Table table)
    {
        ModelInput.EnsureFeatures(table, Card);
        var scored = _transformer.Transform(FeatureView.For(table, Card.Features));
        switch (Card.Task)
        {
            case ModelTask.BinaryClassification:
                return Predictions.Binary(scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray());
            case ModelTask.MulticlassClassification:
                return Predictions.Multiclass(
                    scored.GetColumn<VBuffer<float>>("Score").Select(v => Normalize(v.DenseValues())).ToArray(),
                    Card.Classes);
            default:
                return Predictions.Regression(scored.GetColumn<float>("Score").Select(s => (double)s).ToArray());
        }
    }

    /// <summary>One-versus-all scores do not always sum to one; the metrics expect a distribution.</summary>
    private static double[] Normalize(IEnumerable<float> scores)
    {
        var p = scores.Select(s => Math.Max(0, (double)s)).ToArray();
        var sum = p.Sum();
        return sum > 0 ? p.Select(x => x / sum).ToArray() : p.Select(_ => 1.0 / p.Length).ToArray();
    }

    public void Dispose() => (_transformer as IDisposable)?.Dispose();
}
