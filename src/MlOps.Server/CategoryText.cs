using System.Globalization;
using MlOps.Core.Data;

namespace MlOps.Server;

/// <summary>How a JSON value becomes a category, shared by both request readers so they cannot drift apart.</summary>
internal static class CategoryText
{
    /// <summary>Blank means missing and values are trimmed, exactly as the CSV loader did for the training data.</summary>
    public static string? OfString(string s) => TableLoader.IsBlank(s) ? null : s.Trim();

    /// <summary>
    /// Categories read from CSV are often digits ("0", "1"); a client naturally sends them as numbers. A number is
    /// written as the CSV loader would have read it back; null for one no double can hold, which the caller keeps as
    /// sent (its raw text).
    /// </summary>
    public static string? OfNumber(bool parsed, double value) =>
        parsed && double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;
}
