using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Core.Errors;
using MlOps.Models.MlNet;
using MlOps.Models.Onnx.Export;

namespace MlOps.Training;

/// <summary>
/// Built-in trainer: featurization inferred from the column kinds (mean imputation for numbers, one-hot for
/// categories, missing category = all zeros) followed by FastTree, LightGBM or a linear model. The MLContext seed
/// makes a run reproducible.
/// </summary>
public sealed class MlNetTrainer : ITrainer
{
    // Internal names that cannot clash with a user's column called "Label" or "Features".
    private const string LabelColumn = "__mlops_label__";
    private const string FeaturesColumn = "__mlops_features__";

    public Task<TrainerOutput> TrainAsync(TrainingContext context, CancellationToken cancellationToken = default)
    {
        var settings = context.Config.Train.MlNet;
        var task = context.Config.Model.Task;
        var ml = new MLContext(context.Seed);
        var labels = Labels.From(context.Train, task, context.Config.Model.Label, context.Config.Model.Positive, context.Classes);
        var view = FeatureView.For(context.Train, context.Features);
        AddLabel(view, labels, context.Classes.Count);

        var numeric = context.Features.Where(f => f.Kind == ColumnKind.Numeric).Select(f => new InputOutputColumnPair(f.Name)).ToArray();
        var categorical = context.Features.Where(f => f.Kind == ColumnKind.Categorical).Select(f => new InputOutputColumnPair(f.Name)).ToArray();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (numeric.Length > 0)
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
        if (categorical.Length > 0)
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(categorical));
        pipeline = pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, context.Features.Select(f => f.Name).ToArray()));
        if (settings.Trainer == "linear")
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(FeaturesColumn));
        pipeline = pipeline.Append(CreateTrainer(ml, task, settings));

        var onnx = context.Config.Train.Export == "onnx";
        if (onnx) EnsureOnnxExportable(task, settings.Trainer);
        cancellationToken.ThrowIfCancellationRequested();
        context.Log($"training {settings.Trainer} ({task.ToName()}) on {context.Train.RowCount} rows, {context.Features.Count} features");
        var model = pipeline.Fit(view);
        string file;
        if (onnx)
        {
            // Only the ONNX file is left in the output: the folder holds exactly one model, the registered one.
            file = Path.Combine(context.OutputDirectory, OnnxExporter.FileName);
            OnnxExporter.Export(model, context.Features, task, file);
            ExportCheck.Verify(model, file, new ModelCard(context.Config.Model.Name, "onnx", OnnxExporter.FileName, task,
                context.Config.Model.Label, context.Config.Model.Positive, context.Classes, context.Features), context.Train);
            context.Log($"exported to {OnnxExporter.FileName}; ONNX Runtime and ML.NET agree on {Math.Min(context.Train.RowCount, ExportCheck.MaxRows)} training rows");
        }
        else
        {
            file = Path.Combine(context.OutputDirectory, "model.zip");
            ml.Model.Save(model, view.Schema, file);
        }

        var parameters = new Dictionary<string, string>
        {
            ["trainer"] = settings.Trainer,
            ["seed"] = context.Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.Trainer != "linear")
        {
            parameters["trees"] = settings.Trees.ToString(CultureInfo.InvariantCulture);
            parameters["leaves"] = settings.Leaves.ToString(CultureInfo.InvariantCulture);
            parameters["learning-rate"] = settings.LearningRate.ToString(CultureInfo.InvariantCulture);
            parameters["min-leaf"] = settings.MinLeaf.ToString(CultureInfo.InvariantCulture);
        }
        if (onnx) parameters["export"] = "onnx";
        return Task.FromResult(new TrainerOutput(file, onnx ? "onnx" : "mlnet", $"mlnet-{settings.Trainer}", parameters));
    }

    /// <summary>Fails before any time is spent training when the model could not be exported afterwards.</summary>
    private static void EnsureOnnxExportable(ModelTask task, string trainer)
    {
        if (task == ModelTask.MulticlassClassification && trainer != "linear")
            throw new InvalidInputException(
                $"train.export: onnx is not supported for multiclass {trainer} models yet; use trainer linear, or train.export: mlnet");
    }

    private static void AddLabel(TableDataView view, Labels labels, int classCount)
    {
        switch (labels.Task)
        {
            case ModelTask.BinaryClassification:
                view.Add(LabelColumn, BooleanDataViewType.Instance, r => labels.Binary![r]);
                break;
            case ModelTask.MulticlassClassification:
                // Key values are 1-based; 0 means missing.
                view.Add(LabelColumn, new KeyDataViewType(typeof(uint), classCount), r => (uint)(labels.ClassIndex![r] + 1));
                break;
            default:
                view.Add(LabelColumn, NumberDataViewType.Single, r => (float)labels.Values![r]);
                break;
        }
    }

    private static IEstimator<ITransformer> CreateTrainer(MLContext ml, ModelTask task, Core.Config.MlNetSection s) =>
        (task, s.Trainer) switch
        {
            (ModelTask.BinaryClassification, "fasttree") => ml.BinaryClassification.Trainers.FastTree(LabelColumn, FeaturesColumn, null, s.Leaves, s.Trees, s.MinLeaf, s.LearningRate),
            (ModelTask.BinaryClassification, "lightgbm") => ml.BinaryClassification.Trainers.LightGbm(LabelColumn, FeaturesColumn, null, s.Leaves, s.MinLeaf, s.LearningRate, s.Trees),
            (ModelTask.BinaryClassification, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(LabelColumn, FeaturesColumn),
            (ModelTask.MulticlassClassification, "fasttree") => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(labelColumnName: LabelColumn, featureColumnName: FeaturesColumn, numberOfLeaves: s.Leaves,
                    numberOfTrees: s.Trees, minimumExampleCountPerLeaf: s.MinLeaf, learningRate: s.LearningRate), LabelColumn),
            (ModelTask.MulticlassClassification, "lightgbm") => ml.MulticlassClassification.Trainers.LightGbm(LabelColumn, FeaturesColumn, null, s.Leaves, s.MinLeaf, s.LearningRate, s.Trees),
            (ModelTask.MulticlassClassification, _) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(LabelColumn, FeaturesColumn),
            (_, "fasttree") => ml.Regression.Trainers.FastTree(LabelColumn, FeaturesColumn, null, s.Leaves, s.Trees, s.MinLeaf, s.LearningRate),
            (_, "lightgbm") => ml.Regression.Trainers.LightGbm(LabelColumn, FeaturesColumn, null, s.Leaves, s.MinLeaf, s.LearningRate, s.Trees),
            _ => ml.Regression.Trainers.Sdca(LabelColumn, FeaturesColumn),
        };
}
