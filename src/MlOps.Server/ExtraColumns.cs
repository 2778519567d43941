using System.Runtime.CompilerServices;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Refuses columns the model does not have. A misspelt optional feature ("hours_per_week " or "Age") would otherwise be
/// scored as missing without anyone noticing; `mlops serve --ignore-extra-columns` opts out for clients that send rows
/// as they are stored (with an id or the label).
/// </summary>
internal static class ExtraColumns
{
    private static readonly ConditionalWeakTable<ModelCard, HashSet<string>> Names = new();

    /// <summary>Throws for the first name that is not a feature, or for a feature given twice.</summary>
    /// <param name="field">Turns the offending name into the problem's field (e.g. "rows[3].x" or "inputs.x").</param>
    public static void Check(IEnumerable<string> names, ModelCard card, string where, Func<string, string> field)
    {
        var features = Names.GetValue(card, c => c.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!features.Contains(name))
                throw new BadRequestException(
                    $"{where}'{JsonDescription.Truncate(name)}' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored",
                    field(name));
            // JSON allows a key twice and parsers disagree on which value wins; the model must not depend on that.
            if (!seen.Add(name))
                throw new BadRequestException($"{where}feature '{name}' appears twice", field(name));
        }
    }
}
