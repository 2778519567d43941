using MlOps.Core.Modeling;

namespace MlOps.Core.Metrics;

public sealed record MetricInfo(string Name, string Title, bool HigherIsBetter, ModelTask Task);

/// <summary>Every metric mlops computes, what it is called in mlops.yml and which direction is better.</summary>
public static class MetricCatalog
{
    public static readonly IReadOnlyList<MetricInfo> All =
    [
        new("auc", "ROC AUC", true, ModelTask.BinaryClassification),
        new("accuracy", "Accuracy", true, ModelTask.BinaryClassification),
        new("f1", "F1", true, ModelTask.BinaryClassification),
        new("precision", "Precision", true, ModelTask.BinaryClassification),
        new("recall", "Recall", true, ModelTask.BinaryClassification),
        new("logloss", "Log loss", false, ModelTask.BinaryClassification),
        new("pr-auc", "PR AUC (average precision)", true, ModelTask.BinaryClassification),
        new("balanced-accuracy", "Balanced accuracy", true, ModelTask.BinaryClassification),
        new("brier", "Brier score", false, ModelTask.BinaryClassification),
        new("ece", "Expected calibration error", false, ModelTask.BinaryClassification),
        new("accuracy", "Accuracy", true, ModelTask.MulticlassClassification),
        new("macro-f1", "Macro F1", true, ModelTask.MulticlassClassification),
        new("weighted-f1", "Weighted F1", true, ModelTask.MulticlassClassification),
        new("logloss", "Log loss", false, ModelTask.MulticlassClassification),
        new("rmse", "RMSE", false, ModelTask.Regression),
        new("mae", "MAE", false, ModelTask.Regression),
        new("mape", "MAPE", false, ModelTask.Regression),
        new("r2", "R²", true, ModelTask.Regression),
    ];

    public static IReadOnlyList<MetricInfo> For(ModelTask task) => All.Where(m => m.Task == task).ToList();

    public static MetricInfo? Find(ModelTask task, string name) => All.FirstOrDefault(m => m.Task == task && m.Name == name);

    /// <summary>The metric a baseline comparison gates when mlops.yml names none.</summary>
    public static string Primary(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => "auc",
        ModelTask.MulticlassClassification => "macro-f1",
        _ => "rmse",
    };
}
