namespace MlOps.Core.Modeling;

public enum ModelTask { BinaryClassification, MulticlassClassification, Regression }

public static class ModelTaskNames
{
    public const string Binary = "binary-classification";
    public const string Multiclass = "multiclass-classification";
    public const string Regression = "regression";

    public static readonly IReadOnlyList<string> All = [Binary, Multiclass, Regression];

    public static string ToName(this ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => Binary,
        ModelTask.MulticlassClassification => Multiclass,
        _ => Regression,
    };

    public static ModelTask? Parse(string name) => name switch
    {
        Binary => ModelTask.BinaryClassification,
        Multiclass => ModelTask.MulticlassClassification,
        Regression => ModelTask.Regression,
        _ => null,
    };
}
