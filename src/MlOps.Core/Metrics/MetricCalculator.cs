using MlOps.Core.Modeling;

namespace MlOps.Core.Metrics;

/// <summary>Computes the catalog's metrics from predictions and labels of the same rows.</summary>
public static class MetricCalculator
{
    /// <summary>Probabilities are clipped so one confident mistake gives a large but finite log loss.</summary>
    private const double Epsilon = 1e-15;

    public static IReadOnlyDictionary<string, double> Compute(Predictions predictions, Labels labels, double threshold = 0.5)
    {
        if (predictions.Count != labels.Count)
            throw new ArgumentException($"{predictions.Count} predictions for {labels.Count} labels");
        return predictions.Task switch
        {
            ModelTask.BinaryClassification => Binary(predictions.Probabilities!, labels.Binary!, threshold),
            ModelTask.MulticlassClassification => Multiclass(predictions, labels.ClassIndex!),
            _ => Regression(predictions.Values!, labels.Values!),
        };
    }

    public static Dictionary<string, double> Binary(double[] p, bool[] y, double threshold = 0.5)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var predicted = p[i] >= threshold;
            if (predicted && y[i]) tp++;
            else if (predicted) fp++;
            else if (y[i]) fn++;
            else tn++;
            var q = Math.Clamp(p[i], Epsilon, 1 - Epsilon);
            logLoss -= y[i] ? Math.Log(q) : Math.Log(1 - q);
        }
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new Dictionary<string, double>
        {
            ["auc"] = Auc(p, y),
            ["accuracy"] = (double)(tp + tn) / p.Length,
            ["f1"] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            ["precision"] = precision,
            ["recall"] = recall,
            ["logloss"] = logLoss / p.Length,
        };
    }

    /// <summary>ROC AUC as the Mann-Whitney statistic with average ranks for ties (equal to sklearn's roc_auc_score).</summary>
    public static double Auc(double[] p, bool[] y)
    {
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && p[order[end + 1]] == p[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                if (y[order[k]]) { positiveRankSum += averageRank; positives++; }
            start = end + 1;
        }
        var negatives = p.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    public static Dictionary<string, double> Multiclass(Predictions predictions, int[] y)
    {
        var k = predictions.Classes!.Count;
        var tp = new int[k];
        var predictedCount = new int[k];
        var actualCount = new int[k];
        double logLoss = 0;
        var correct = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var predicted = predictions.PredictedClass(i);
            predictedCount[predicted]++;
            actualCount[y[i]]++;
            if (predicted == y[i]) { tp[predicted]++; correct++; }
            logLoss -= Math.Log(Math.Clamp(predictions.ClassProbabilities![i][y[i]], Epsilon, 1));
        }
        double f1Sum = 0;
        var present = 0;
        for (var c = 0; c < k; c++)
        {
            if (actualCount[c] == 0 && predictedCount[c] == 0) continue;
            present++;
            var precision = predictedCount[c] == 0 ? 0 : (double)tp[c] / predictedCount[c];
            var recall = actualCount[c] == 0 ? 0 : (double)tp[c] / actualCount[c];
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return new Dictionary<string, double>
        {
            ["accuracy"] = (double)correct / y.Length,
            ["macro-f1"] = present == 0 ? 0 : f1Sum / present,
            ["logloss"] = logLoss / y.Length,
        };
    }

    public static Dictionary<string, double> Regression(double[] predicted, double[] y)
    {
        double squared = 0, absolute = 0, mean = y.Average(), total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var e = predicted[i] - y[i];
            squared += e * e;
            absolute += Math.Abs(e);
            total += (y[i] - mean) * (y[i] - mean);
        }
        return new Dictionary<string, double>
        {
            ["rmse"] = Math.Sqrt(squared / y.Length),
            ["mae"] = absolute / y.Length,
            ["r2"] = total == 0 ? double.NaN : 1 - squared / total,
        };
    }
}
