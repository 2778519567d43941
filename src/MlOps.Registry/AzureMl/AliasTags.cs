using System.Globalization;

namespace MlOps.Registry.AzureMl;

/// <summary>
/// Aliases are kept as tags of the model container ("mlops.alias.production" = "3"): one resource with one ETag holds
/// every alias of a model, so moving an alias is a single conditional write (If-Match) that a concurrent promoter
/// cannot silently overwrite, and the alias is visible in Azure ML studio.
/// </summary>
internal static class AliasTags
{
    public const string Prefix = "mlops.alias.";

    public static string Key(string alias) => Prefix + alias;

    public static int Get(IReadOnlyDictionary<string, string> tags, string alias) =>
        tags.TryGetValue(Key(alias), out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>Aliases pointing at <paramref name="version"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> For(IReadOnlyDictionary<string, string> tags, int version) =>
        tags.Where(t => t.Key.StartsWith(Prefix, StringComparison.Ordinal) && t.Value == version.ToString(CultureInfo.InvariantCulture))
            .Select(t => t.Key[Prefix.Length..]).Order(StringComparer.Ordinal).ToList();
}
