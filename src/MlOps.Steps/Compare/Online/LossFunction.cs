using System.Globalization;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Compare.Online;

/// <summary>
/// Turns a label from the labels file and a logged prediction into the per-request loss the test compares: log loss for
/// classification (the proper scoring rule behind the primary metric, defined per request unlike AUC), squared error
/// for regression (its mean is MSE, whose root the report shows as RMSE).
/// </summary>
public sealed class LossFunction
{
    private const double Epsilon = 1e-15; // as MetricCalculator clips log loss

    private readonly ModelTask _task;
    private readonly string? _positive, _negative;

    private LossFunction(ModelTask task, string? positive, string? negative) => (_task, _positive, _negative) = (task, positive, negative);

    public string Metric => _task == ModelTask.Regression ? "mse" : "logloss";
    public string Title => _task == ModelTask.Regression ? "MSE (per-request squared error)" : "Log loss";

    /// <summary>
    /// Binary: the positive class is the label a variant answers for probability ≥ 0.5 (the server's rule), read from
    /// the logs unless given; the negative one likewise from answers below 0.5.
    /// </summary>
    public static LossFunction For(ModelTask task, string? positive, IEnumerable<LoggedPrediction> logged)
    {
        if (task != ModelTask.BinaryClassification) return new(task, null, null);
        string? negative = null;
        foreach (var p in logged)
        {
            if (p.Label is null || double.IsNaN(p.Score)) continue;
            if (p.Score >= 0.5) positive ??= p.Label;
            else if (p.Label != positive) negative ??= p.Label;
            if (positive is not null && negative is not null) break;
        }
        return new(task, positive, negative);
    }

    public LabelledRow Label(LoggedPrediction p, string label, string at)
    {
        switch (_task)
        {
            case ModelTask.BinaryClassification:
                if (_positive is null)
                    throw new InvalidInputException($"{at}: cannot tell which label is the positive class: no logged prediction had probability ≥ 0.5");
                if (label != _positive && _negative is not null && label != _negative)
                    throw new InvalidInputException($"{at}: label '{label}' is neither '{_positive}' (the positive class) nor '{_negative}', the labels the models answer");
                var positive = label == _positive;
                var q = Math.Clamp(p.Score, Epsilon, 1 - Epsilon);
                return new(p, positive, double.NaN, label, -Math.Log(positive ? q : 1 - q));
            case ModelTask.Regression:
                if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) || !double.IsFinite(y))
                    throw new InvalidInputException($"{at}: label '{label}' is not a number (a regression label)");
                return new(p, false, y, label, (p.Score - y) * (p.Score - y));
            default:
                if (!p.ClassProbabilities!.TryGetValue(label, out var pc))
                    throw new InvalidInputException($"{at}: label '{label}' is not one of the model's classes ({string.Join(", ", p.ClassProbabilities.Keys)})");
                return new(p, false, double.NaN, label, -Math.Log(Math.Clamp(pc, Epsilon, 1 - Epsilon)));
        }
    }

    /// <summary>A prediction the model gave no number for (logged as null) cannot be scored.</summary>
    public static bool IsScored(LoggedPrediction p) =>
        p.ClassProbabilities is { } c ? c.Values.All(double.IsFinite) : double.IsFinite(p.Score);
}
