using System.Globalization;
using MlOps.Core.Errors;

namespace MlOps.Steps.Delivery;

/// <summary>The period measured: [From, To], To being now. <see cref="Since"/> is kept as typed, for the output.</summary>
public sealed record DeliveryWindow(string Since, DateTime From, DateTime To)
{
    public double Days => (To - From).TotalDays;

    /// <summary>
    /// "30d", "2w", "12h" (relative to <paramref name="now"/>) or a date / date-time (UTC unless it has an offset).
    /// Anything else is invalid input (exit 2) naming the value, so a typo never silently measures the wrong period.
    /// </summary>
    public static DeliveryWindow Parse(string since, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(since);
        now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        var text = since.Trim();
        DateTime from;
        if (text.Length >= 2 && char.IsAsciiLetter(text[^1])
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            from = char.ToLowerInvariant(text[^1]) switch
            {
                'h' => now.AddHours(-count),
                'd' => now.AddDays(-count),
                'w' => now.AddDays(-7.0 * count),
                _ => throw Invalid(since),
            };
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            from = at.UtcDateTime;
        else
            throw Invalid(since);
        if (from >= now)
            throw new InvalidInputException($"--since '{since}' is not in the past: the window must end after it starts");
        return new DeliveryWindow(since, from, now);
    }

    private static InvalidInputException Invalid(string since) =>
        new($"--since '{since}' is neither a period nor a date: expected e.g. 30d, 2w, 12h, 2025-11-01 or 2025-11-01T12:00:00Z");
}
