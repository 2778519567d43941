using MlOps.Core.Modeling;

namespace MlOps.Core.Metrics;

public sealed record ClassScores(string Class, int Support, double Precision, double Recall);

/// <summary>Multiclass detail: the confusion matrix (rows = actual, columns = predicted) and per-class precision/recall.</summary>
public sealed record ClassBreakdown(IReadOnlyList<string> Classes, int[][] Confusion, IReadOnlyList<ClassScores> PerClass)
{
    public static ClassBreakdown Compute(Predictions predictions, int[] actual)
    {
        var classes = predictions.Classes!;
        var confusion = classes.Select(_ => new int[classes.Count]).ToArray();
        for (var i = 0; i < actual.Length; i++) confusion[actual[i]][predictions.PredictedClass(i)]++;
        var perClass = classes.Select((name, c) =>
        {
            var predicted = confusion.Sum(row => row[c]);
            var support = confusion[c].Sum();
            return new ClassScores(name, support,
                predicted == 0 ? 0 : (double)confusion[c][c] / predicted,
                support == 0 ? 0 : (double)confusion[c][c] / support);
        }).ToList();
        return new ClassBreakdown(classes, confusion, perClass);
    }
}
