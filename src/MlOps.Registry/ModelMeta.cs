namespace MlOps.Registry;

/// <summary>
/// NAME/meta.json: the mutable part of a model, replaced atomically as a whole. Tag changes are kept per version
/// (key: the version number), an empty value standing for "removed", so version.json never has to be rewritten.
/// <see cref="Archived"/> lists retired versions (absent in meta.json files written before archiving existed).
/// </summary>
internal sealed record ModelMeta(Dictionary<string, int> Aliases, Dictionary<string, Dictionary<string, string>> Tags,
    List<int>? Archived = null)
{
    public static ModelMeta Empty => new(new Dictionary<string, int>(), new Dictionary<string, Dictionary<string, string>>());
}
