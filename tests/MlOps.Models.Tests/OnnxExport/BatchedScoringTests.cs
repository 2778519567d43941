using MlOps.Models.Onnx;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>Large files are scored in batches to keep memory flat; the predictions must not depend on where batches split.</summary>
[Parallelizable(ParallelScope.None)]
public class BatchedScoringTests
{
    [Test]
    public async Task Scoring_in_small_batches_gives_the_same_probabilities_as_one_call()
    {
        var pair = await TrainedPair.AdultBinary("fasttree");
        var whole = Score(pair, batchRows: 1_000_000);
        var batched = Score(pair, batchRows: 1_000); // 17 batches, the last one partial
        Assert.That(pair.Test.RowCount % 1_000, Is.Not.Zero, "the last batch must be a partial one");
        Assert.That(batched.Probabilities, Is.EqualTo(whole.Probabilities));
        Assert.That(batched.Count, Is.EqualTo(pair.Test.RowCount));
    }

    [Test]
    public async Task Multiclass_and_regression_batches_are_joined_in_row_order()
    {
        var iris = await TrainedPair.IrisMulticlass("linear");
        Assert.That(Score(iris, 7).ClassProbabilities, Is.EqualTo(Score(iris, 1_000_000).ClassProbabilities));
        var housing = await TrainedPair.HousingRegression("fasttree");
        Assert.That(Score(housing, 4_000).Values, Is.EqualTo(Score(housing, 1_000_000).Values));
    }

    private static Core.Modeling.Predictions Score(TrainedPair pair, int batchRows)
    {
        var saved = OnnxModel.BatchRows;
        OnnxModel.BatchRows = batchRows;
        try
        {
            using var model = ModelLoader.Load(pair.OnnxDir);
            return model.Predict(pair.Test);
        }
        finally
        {
            OnnxModel.BatchRows = saved;
        }
    }
}
