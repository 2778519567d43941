using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>
/// How monitoring cuts the log into windows: by time (<c>30m</c>, <c>6h</c>, <c>1d</c>, <c>1w</c>; aligned to UTC
/// multiples of the span, so the same hour is the same window in every run) or by count (<c>5000 rows</c>, in log order).
/// </summary>
public sealed partial record MonitorWindowSpec(TimeSpan? Span, int? Rows)
{
    public string Text => Span is { } s ? Format(s) : $"{Rows} rows";

    public static MonitorWindowSpec? TryParse(string text, out string? error)
    {
        error = null;
        var m = Pattern().Match(text.Trim());
        if (m.Success && long.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var unit = m.Groups["unit"].Value;
            if (unit is "rows" or "row" && n <= int.MaxValue) return new MonitorWindowSpec(null, (int)n);
            var span = unit switch
            {
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                "w" => TimeSpan.FromDays(7 * n),
                _ => (TimeSpan?)null,
            };
            if (span is { } s && s <= TimeSpan.FromDays(3660)) return new MonitorWindowSpec(s, null);
        }
        error = $"window '{text}' must be a span such as 30m, 6h, 1d or 1w, or a row count such as \"5000 rows\"";
        return null;
    }

    private static string Format(TimeSpan s) =>
        s.TotalDays >= 7 && s.TotalDays % 7 == 0 ? $"{s.TotalDays / 7}w"
        : s.TotalHours >= 24 && s.TotalHours % 24 == 0 ? $"{s.TotalDays}d"
        : s.TotalMinutes >= 60 && s.TotalMinutes % 60 == 0 ? $"{s.TotalHours}h"
        : $"{s.TotalMinutes}m";

    [GeneratedRegex(@"^(?<n>\d{1,10})\s*(?<unit>m|h|d|w|rows?)$")]
    private static partial Regex Pattern();
}
