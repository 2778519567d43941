using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>Reads the <c>package</c> section of mlops.yml, as strictly as the rest of the file.</summary>
internal static partial class PackageConfigReader
{
    public static PackageSection Read(YamlNodeReader? node, string baseDir)
    {
        if (node is null) return PackageSection.Default;
        node.Mapping("registry", "repository", "tag", "app", "cache");
        var registry = node.String("registry");
        if (registry is not null && !Host().IsMatch(registry))
            throw node.Required("registry").Error($"'{node.Path}.registry' must be a registry host[:port] such as myregistry.azurecr.io or 127.0.0.1:5000, without a scheme or path; found '{registry}'");
        var repository = node.String("repository");
        if (repository is not null && !Repository().IsMatch(repository))
            throw node.Required("repository").Error($"'{node.Path}.repository' must be lowercase letters, digits and . _ - separators, '/' between path parts (e.g. models/adult-income); found '{repository}'");
        var tag = node.String("tag") ?? PackageSection.DefaultTag;
        if (!Tag().IsMatch(Placeholder().Replace(tag, "x")))
            throw node.Required("tag").Error($"'{node.Path}.tag' must be up to 128 letters, digits, '_', '.' or '-', with {{model}} and {{version}} as placeholders; found '{tag}'");
        return new PackageSection(registry, repository, tag, ConfigLoader.Resolve(baseDir, node.String("app")), ConfigLoader.Resolve(baseDir, node.String("cache")));
    }

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]{1,5})?$")]
    private static partial Regex Host();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Repository();

    [GeneratedRegex(@"\{(model|version)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex Tag();
}
