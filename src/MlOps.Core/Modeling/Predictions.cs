namespace MlOps.Core.Modeling;

/// <summary>A model's output for a batch of rows, shaped by task.</summary>
public sealed record Predictions(
    ModelTask Task,
    int Count,
    double[]? Probabilities = null,
    double[][]? ClassProbabilities = null,
    IReadOnlyList<string>? Classes = null,
    double[]? Values = null)
{
    public static Predictions Binary(double[] probabilities) =>
        new(ModelTask.BinaryClassification, probabilities.Length, Probabilities: probabilities);

    public static Predictions Multiclass(double[][] probabilities, IReadOnlyList<string> classes) =>
        new(ModelTask.MulticlassClassification, probabilities.Length, ClassProbabilities: probabilities, Classes: classes);

    public static Predictions Regression(double[] values) =>
        new(ModelTask.Regression, values.Length, Values: values);

    public int PredictedClass(int row)
    {
        var p = ClassProbabilities![row];
        var best = 0;
        for (var k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return best;
    }
}
