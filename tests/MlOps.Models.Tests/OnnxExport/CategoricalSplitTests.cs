using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models.MlNet;
using MlOps.Models.Onnx;
using MlOps.Models.Onnx.Export;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>
/// LightGBM switches to categorical splits by itself on large data (over 50,000 rows in ML.NET 5), which the
/// Adult-sized runs never do. This builds MlNetTrainer's pipeline with the switch forced on, so the exporter's
/// spelling of "any of these one-hot slots is set" as a chain of tests is compared with ML.NET on every row.
/// </summary>
public class CategoricalSplitTests
{
    [Test]
    public void LightGbm_categorical_splits_match_mlnet_on_adult_test()
    {
        var train = TableLoader.Load(SharedData.Dataset("adult_train.csv"));
        var test = TableLoader.Load(SharedData.Dataset("adult_test.csv"));
        var features = train.Columns.Where(c => c.Name != "income").Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        var ml = new MLContext(1);
        var view = FeatureView.For(train, features);
        var income = train["income"].Strings;
        view.Add("label", BooleanDataViewType.Instance, r => income[r] == ">50K");

        var pipeline = ml.Transforms.ReplaceMissingValues(
                features.Where(f => f.Kind == ColumnKind.Numeric).Select(f => new InputOutputColumnPair(f.Name)).ToArray(),
                MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Categorical.OneHotEncoding(
                features.Where(f => f.Kind == ColumnKind.Categorical).Select(f => new InputOutputColumnPair(f.Name)).ToArray()))
            .Append(ml.Transforms.Concatenate("features", features.Select(f => f.Name).ToArray()))
            .Append(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = "label", FeatureColumnName = "features", NumberOfIterations = 50, UseCategoricalSplit = true,
                Seed = 1,
            }));
        var model = pipeline.Fit(view);
        var trees = model.LastTransformer.Model.SubModel.TrainedTreeEnsemble.Trees;
        Assume.That(trees.Any(t => t.CategoricalSplitFlags.Any(f => f)), "LightGBM made no categorical split; the test would prove nothing");

        var expected = model.Transform(FeatureView.For(test, features)).GetColumn<float>("Probability").ToArray();
        var card = new ModelCard("adult", "onnx", "model.onnx", ModelTask.BinaryClassification, "income", ">50K", ["<=50K", ">50K"], features);
        var path = Path.Combine(Path.GetTempPath(), $"mlops-catsplit-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Export(model, features, ModelTask.BinaryClassification, path);
            using var onnx = new OnnxModel(path, card);
            var actual = onnx.Predict(test).Probabilities!;
            var worst = expected.Select((p, i) => Math.Abs(p - actual[i])).Max();
            TestContext.Out.WriteLine($"lightgbm with categorical splits: max |p_onnx - p_mlnet| = {worst:E3} over {actual.Length} rows");
            Assert.That(worst, Is.LessThanOrEqualTo(1e-5));
            OnnxCheckerTests.AssertChecked(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
