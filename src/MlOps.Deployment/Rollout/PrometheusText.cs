using System.Globalization;

namespace MlOps.Deployment.Rollout;

/// <summary>One sample of the Prometheus text format: <c>name{label="value",...} 12.5</c>.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4) that the scoring server's /metrics writes: comments
/// and blank lines skipped, label values unescaped (\\, \", \n), timestamps ignored, +Inf/-Inf/NaN understood.
/// A malformed line is an error naming its line number: a canary must not be judged on half-read numbers.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line) ?? throw new FormatException($"metrics line {lineNumber} is not 'name{{labels}} value': {line}"));
        }
        return samples;
    }

    private static MetricSample? ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0) return null;
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',') i++;
                if (i >= line.Length) return null;
                if (line[i] == '}') { i++; break; }
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') return null;
                var key = line[i..eq].Trim();
                var (value, end) = QuotedValue(line, eq + 2);
                if (end < 0) return null;
                labels[key] = value;
                i = end;
            }
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rest.Length is 1 or 2 && Number(rest[0]) is { } number ? new MetricSample(name, labels, number) : null;
    }

    /// <returns>The unescaped value and the index after its closing quote, or -1 when it is not closed.</returns>
    private static (string Value, int End) QuotedValue(string line, int start)
    {
        var value = new System.Text.StringBuilder();
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"') return (value.ToString(), i + 1);
            if (c == '\\' && i + 1 < line.Length)
            {
                i++;
                value.Append(line[i] == 'n' ? '\n' : line[i]);
            }
            else value.Append(c);
        }
        return ("", -1);
    }

    private static double? Number(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null,
    };
}
