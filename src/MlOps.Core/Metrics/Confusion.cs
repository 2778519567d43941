namespace MlOps.Core.Metrics;

/// <summary>Weighted confusion counts of a binary classifier and the metrics that depend on nothing else.</summary>
public readonly record struct Confusion(double Tp, double Fp, double Tn, double Fn)
{
    public double Total => Tp + Fp + Tn + Fn;

    public double Accuracy => (Tp + Tn) / Total;

    public double Precision => Tp + Fp == 0 ? 0 : Tp / (Tp + Fp);

    public double Recall => Tp + Fn == 0 ? 0 : Tp / (Tp + Fn);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public double BalancedAccuracy => (Recall + (Tn + Fp == 0 ? 0 : Tn / (Tn + Fp))) / 2;

    public double Get(string metric) => metric switch
    {
        "accuracy" => Accuracy,
        "precision" => Precision,
        "recall" => Recall,
        "f1" => F1,
        "balanced-accuracy" => BalancedAccuracy,
        _ => throw new ArgumentException($"{metric} is not a confusion-matrix metric"),
    };

    public static bool Covers(string metric) => metric is "accuracy" or "precision" or "recall" or "f1" or "balanced-accuracy";
}
