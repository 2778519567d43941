using MlOps.Core.Modeling;

namespace MlOps.Core.Metrics;

/// <summary>
/// Computes the catalog's metrics from predictions and labels of the same rows. Every metric takes optional row
/// weights: a bootstrap resample is a vector of counts, so resampling needs no copying of rows or re-sorting.
/// </summary>
public static class MetricCalculator
{
    /// <summary>Probabilities are clipped so one confident mistake gives a large but finite log loss.</summary>
    private const double Epsilon = 1e-15;

    /// <param name="sorted">Binary only: the scores already sorted (slices reuse one sort for every slice).</param>
    public static IReadOnlyDictionary<string, double> Compute(Predictions predictions, Labels labels, double threshold = 0.5, double[]? w = null,
        SortedScores? sorted = null)
    {
        if (predictions.Count != labels.Count)
            throw new ArgumentException($"{predictions.Count} predictions for {labels.Count} labels");
        return predictions.Task switch
        {
            ModelTask.BinaryClassification => Binary(predictions.Probabilities!, labels.Binary!, threshold, w, sorted),
            ModelTask.MulticlassClassification => Multiclass(predictions, labels.ClassIndex!, w),
            _ => Regression(predictions.Values!, labels.Values!, w),
        };
    }

    /// <param name="wanted">Compute only these (null = all): a bootstrap asks for the gated metrics alone, and log loss and AUC are the costly ones.</param>
    public static Dictionary<string, double> Binary(double[] p, bool[] y, double threshold = 0.5, double[]? w = null, SortedScores? sorted = null,
        IReadOnlySet<string>? wanted = null)
    {
        var withLogLoss = wanted?.Contains("logloss") ?? true;
        double tp = 0, fp = 0, tn = 0, fn = 0, logLoss = 0, total = 0, brier = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var weight = w?[i] ?? 1;
            if (weight == 0) continue;
            total += weight;
            var predicted = p[i] >= threshold;
            if (predicted && y[i]) tp += weight;
            else if (predicted) fp += weight;
            else if (y[i]) fn += weight;
            else tn += weight;
            brier += weight * (p[i] - (y[i] ? 1 : 0)) * (p[i] - (y[i] ? 1 : 0));
            if (!withLogLoss) continue;
            var q = Math.Clamp(p[i], Epsilon, 1 - Epsilon);
            logLoss -= weight * (y[i] ? Math.Log(q) : Math.Log(1 - q));
        }
        var confusion = new Confusion(tp, fp, tn, fn);
        return new Dictionary<string, double>
        {
            ["auc"] = wanted?.Contains("auc") ?? true ? (sorted ??= SortedScores.For(p, y)).Auc(w) : double.NaN,
            ["accuracy"] = confusion.Accuracy,
            ["f1"] = confusion.F1,
            ["precision"] = confusion.Precision,
            ["recall"] = confusion.Recall,
            ["logloss"] = withLogLoss ? logLoss / total : double.NaN,
            ["pr-auc"] = wanted?.Contains("pr-auc") ?? true ? (sorted ??= SortedScores.For(p, y)).AveragePrecision(w) : double.NaN,
            ["balanced-accuracy"] = confusion.BalancedAccuracy,
            ["brier"] = brier / total,
            ["ece"] = wanted?.Contains("ece") ?? true ? CalibrationError(p, y, w) : double.NaN,
        };
    }

    /// <summary>Average precision as sklearn's average_precision_score.</summary>
    public static double AveragePrecision(double[] p, bool[] y, double[]? w = null) => SortedScores.For(p, y).AveragePrecision(w);

    /// <summary>Expected calibration error over ten equal-width probability bins, weighted by how many rows each holds.</summary>
    public static double CalibrationError(double[] p, bool[] y, double[]? w = null, int bins = 10) => CalibrationError<double>(p, y, w, bins);

    /// <summary>As above with any numeric weights (the bootstrap's are bytes).</summary>
    public static double CalibrationError<T>(double[] p, bool[] y, T[]? w, int bins = 10) where T : System.Numerics.INumberBase<T>
    {
        var count = new double[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        double total = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var weight = w is null ? 1 : double.CreateTruncating(w[i]);
            var b = Math.Min((int)(p[i] * bins), bins - 1);
            count[b] += weight;
            predicted[b] += weight * p[i];
            observed[b] += weight * (y[i] ? 1 : 0);
            total += weight;
        }
        double ece = 0;
        for (var b = 0; b < bins; b++)
            if (count[b] > 0) ece += count[b] / total * Math.Abs(predicted[b] / count[b] - observed[b] / count[b]);
        return ece;
    }

    /// <summary>Row indexes by ascending score; compute once and pass to every <see cref="Auc"/> of a bootstrap.</summary>
    public static int[] AscendingOrder(double[] p)
    {
        var order = Enumerable.Range(0, p.Length).ToArray();
        Array.Sort(p.ToArray(), order);
        return order;
    }

    /// <summary>ROC AUC as the Mann-Whitney statistic with average ranks for ties (equal to sklearn's roc_auc_score).</summary>
    public static double Auc(double[] p, bool[] y, double[]? w = null) => SortedScores.For(p, y).Auc(w);

    public static Dictionary<string, double> Multiclass(Predictions predictions, int[] y, double[]? w = null)
    {
        var k = predictions.Classes!.Count;
        var tp = new double[k];
        var predictedCount = new double[k];
        var actualCount = new double[k];
        double logLoss = 0, correct = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var weight = w?[i] ?? 1;
            if (weight == 0) continue;
            total += weight;
            var predicted = predictions.PredictedClass(i);
            predictedCount[predicted] += weight;
            actualCount[y[i]] += weight;
            if (predicted == y[i]) { tp[predicted] += weight; correct += weight; }
            logLoss -= weight * Math.Log(Math.Clamp(predictions.ClassProbabilities![i][y[i]], Epsilon, 1));
        }
        double f1Sum = 0, weightedF1 = 0;
        var present = 0;
        for (var c = 0; c < k; c++)
        {
            if (actualCount[c] == 0 && predictedCount[c] == 0) continue;
            present++;
            var precision = predictedCount[c] == 0 ? 0 : tp[c] / predictedCount[c];
            var recall = actualCount[c] == 0 ? 0 : tp[c] / actualCount[c];
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            weightedF1 += f1 * actualCount[c] / total;
        }
        return new Dictionary<string, double>
        {
            ["accuracy"] = correct / total,
            ["macro-f1"] = present == 0 ? 0 : f1Sum / present,
            ["weighted-f1"] = weightedF1,
            ["logloss"] = logLoss / total,
        };
    }

    public static Dictionary<string, double> Regression(double[] predicted, double[] y, double[]? w = null)
    {
        double total = 0, sum = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var weight = w?[i] ?? 1;
            total += weight;
            sum += weight * y[i];
        }
        double squared = 0, absolute = 0, variance = 0, percentage = 0, mean = sum / total;
        for (var i = 0; i < y.Length; i++)
        {
            var weight = w?[i] ?? 1;
            var e = predicted[i] - y[i];
            squared += weight * e * e;
            absolute += weight * Math.Abs(e);
            // As sklearn: a zero label is divided by machine epsilon instead of failing.
            percentage += weight * Math.Abs(e) / Math.Max(Math.Abs(y[i]), 2.220446049250313e-16);
            variance += weight * (y[i] - mean) * (y[i] - mean);
        }
        return new Dictionary<string, double>
        {
            ["rmse"] = Math.Sqrt(squared / total),
            ["mae"] = absolute / total,
            ["mape"] = percentage / total,
            ["r2"] = variance == 0 ? double.NaN : 1 - squared / variance,
        };
    }
}
