using System.Globalization;
using System.Net;
using MlOps.Core.Gates;

namespace MlOps.Reports.Html;

/// <summary>
/// Escaping and number formatting shared by the HTML writer and its charts. Every string that came from the report
/// (column values, messages, references) goes through <see cref="E"/>: slice values are user data and must never
/// become markup.
/// </summary>
internal static class HtmlText
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Same 4-decimal invariant format as the markdown report, so the two never disagree.</summary>
    public static string F(double v) => GateEvaluator.F(v);

    public static string F(double? v) => v is { } d ? F(d) : "";

    public static string Signed(double? v) => v is { } d ? (d >= 0 ? "+" : "") + F(d) : "";

    /// <summary>SVG coordinates: invariant culture and 1 decimal, enough for a pixel and keeps the file small.</summary>
    public static string P(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
