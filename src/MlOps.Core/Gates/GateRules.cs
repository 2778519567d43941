using System.Globalization;

namespace MlOps.Core.Gates;

public enum Comparison { AtLeast, Above, AtMost, Below }

/// <summary>An absolute threshold such as <c>auc: "&gt;= 0.85"</c>.</summary>
public sealed record ThresholdRule(string Metric, Comparison Op, double Value)
{
    public string Text => $"{Symbol(Op)} {Value.ToString("0.####", CultureInfo.InvariantCulture)}";

    public bool IsMet(double actual) => Op switch
    {
        Comparison.AtLeast => actual >= Value,
        Comparison.Above => actual > Value,
        Comparison.AtMost => actual <= Value,
        _ => actual < Value,
    };

    public static string Symbol(Comparison op) => op switch
    {
        Comparison.AtLeast => ">=",
        Comparison.Above => ">",
        Comparison.AtMost => "<=",
        _ => "<",
    };

    /// <summary>Parses "&gt;= 0.85"; returns null and a reason when the text is not of that form.</summary>
    public static ThresholdRule? TryParse(string metric, string text, out string? error)
    {
        error = null;
        var t = text.Trim();
        (Comparison op, int len)? found = t.StartsWith(">=") ? (Comparison.AtLeast, 2)
            : t.StartsWith("<=") ? (Comparison.AtMost, 2)
            : t.StartsWith('>') ? (Comparison.Above, 1)
            : t.StartsWith('<') ? (Comparison.Below, 1)
            : null;
        if (found is null)
        {
            error = $"threshold for '{metric}' must start with >=, >, <= or <, e.g. \">= 0.85\"; found '{text}'";
            return null;
        }
        var number = t[found.Value.len..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"threshold for '{metric}' must compare with a number, e.g. \">= 0.85\"; found '{text}'";
            return null;
        }
        return new ThresholdRule(metric, found.Value.op, value);
    }
}

/// <summary>
/// Non-inferiority margin against the baseline: the candidate fails when it is worse than the baseline by more than
/// this much. Absolute (0.005) or relative to the baseline's value ("1%").
/// </summary>
public sealed record MarginRule(string Metric, double Value, bool Relative)
{
    public string Text => Relative
        ? (Value * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%"
        : Value.ToString("0.#####", CultureInfo.InvariantCulture);

    public double AbsoluteFor(double baselineValue) => Relative ? Math.Abs(baselineValue) * Value : Value;

    public static MarginRule? TryParse(string metric, string text, out string? error)
    {
        error = null;
        var t = text.Trim();
        var relative = t.EndsWith('%');
        var number = relative ? t[..^1].Trim() : t;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            error = $"margin for '{metric}' must be a non-negative number (0.005) or a percentage (\"1%\"); found '{text}'";
            return null;
        }
        return new MarginRule(metric, relative ? value / 100 : value, relative);
    }
}
