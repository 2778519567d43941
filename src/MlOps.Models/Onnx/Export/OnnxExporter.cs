using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MlOps.Core.Modeling;
using DataType = MlOps.Models.Onnx.Export.Proto.TensorProto.Types.DataType;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Exports an ML.NET model trained by <c>MlNetTrainer</c> to ONNX (ML.NET's own ONNX converter is not available
/// here). The graph takes one input per feature column, as <see cref="OnnxModel"/> feeds it, and gives
/// <c>probabilities</c> [N, K] for classification (column 1 = positive class for a binary model) or <c>score</c>
/// [N, 1] for regression, equal to what ML.NET predicts up to float rounding.
/// Supported models: FastTree and LightGBM trees and linear models for binary classification and regression,
/// and the linear (maximum entropy) multiclass model; anything else fails with an <c>InvalidInputException</c>.
/// </summary>
public static class OnnxExporter
{
    public const string FileName = "model.onnx";

    public static void Export(ITransformer model, IReadOnlyList<FeatureInfo> features, ModelTask task, string path)
    {
        var bytes = ToBytes(model, features, task);
        File.WriteAllBytes(path, bytes);
    }

    public static byte[] ToBytes(ITransformer model, IReadOnlyList<FeatureInfo> features, ModelTask task)
    {
        var fitted = FittedPipeline.Read(model, features);
        var graph = new OnnxGraphBuilder();
        var featureMatrix = FeaturizationExport.Add(graph, fitted);
        var (output, width) = task switch
        {
            ModelTask.BinaryClassification => BinaryHead(graph, featureMatrix, fitted.FeatureWidth, fitted.Predictor),
            ModelTask.MulticlassClassification => MulticlassHead(graph, featureMatrix, fitted.Predictor),
            _ => (RawScore(graph, featureMatrix, fitted.FeatureWidth, fitted.Predictor), 1L),
        };
        graph.AddOutput(output, DataType.Float, width);
        return graph.ToBytes($"mlops export of an ML.NET {task.ToName()} model ({Describe(fitted.Predictor)})",
            new Dictionary<string, string> { ["mlops.task"] = task.ToName(), ["mlops.source"] = "mlnet" });
    }

    /// <summary>Platt calibration of the raw score, as ML.NET's PlattCalibrator: p = 1 / (1 + exp(Slope * s + Offset)).</summary>
    private static (string, long) BinaryHead(OnnxGraphBuilder graph, string features, int width, object predictor)
    {
        if (predictor is not CalibratedModelParametersBase { Calibrator: PlattCalibrator platt } calibrated)
            throw FittedPipeline.Unsupported($"binary model {Describe(predictor)} without a Platt calibrator");
        var score = RawScore(graph, features, width, calibrated.SubModel);
        var slope = graph.AddFloats("platt_minus_slope", [(float)-platt.Slope], 1);
        var offset = graph.AddFloats("platt_minus_offset", [(float)-platt.Offset], 1);
        var logit = graph.AddNode("Add", [graph.AddNode("Mul", [score, slope], "scaled_score"), offset], "logit");
        var positive = graph.AddNode("Sigmoid", [logit], "positive_probability");
        var one = graph.AddFloats("one", [1f], 1);
        var negative = graph.AddNode("Sub", [one, positive], "negative_probability");
        return (graph.AddNode("Concat", [negative, positive], "probabilities", "", Attr.Int("axis", 1)), 2);
    }

    private static (string, long) MulticlassHead(OnnxGraphBuilder graph, string features, object predictor)
    {
        if (predictor is not MaximumEntropyModelParameters maxEnt)
            throw FittedPipeline.Unsupported($"multiclass model {Describe(predictor)} (only the linear trainer's is exported)");
        VBuffer<float>[] weights = [];
        maxEnt.GetWeights(ref weights, out var classes);
        var rows = weights.Take(classes).Select(w => w.DenseValues().ToArray()).ToList();
        var scores = LinearExport.AddScores(graph, features, rows, maxEnt.GetBiases().ToList());
        return (graph.AddNode("Softmax", [scores], "probabilities", "", Attr.Int("axis", 1)), classes);
    }

    /// <summary>The model's raw score [N, 1]: the regression value, or the uncalibrated binary margin.</summary>
    private static string RawScore(OnnxGraphBuilder graph, string features, int width, object model) => model switch
    {
        // Tweedie maps its score through exp(); only the plain sum of leaves is written here.
        FastTreeTweedieModelParameters => throw FittedPipeline.Unsupported(Describe(model)),
        TreeEnsembleModelParametersBasedOnRegressionTree trees => TreeEnsembleExport.AddScore(graph, features, width, trees.TrainedTreeEnsemble),
        // Poisson regression maps its score through exp(); plain linear models do not.
        PoissonRegressionModelParameters => throw FittedPipeline.Unsupported(Describe(model)),
        LinearModelParameters linear => LinearExport.AddScores(graph, features, [linear.Weights.ToArray()], [linear.Bias]),
        _ => throw FittedPipeline.Unsupported(Describe(model)),
    };

    private static string Describe(object model) => model is CalibratedModelParametersBase c
        ? $"{c.SubModel.GetType().Name} calibrated by {c.Calibrator.GetType().Name}"
        : model.GetType().Name;
}
