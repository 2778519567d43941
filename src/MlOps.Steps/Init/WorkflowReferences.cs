using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Steps.Init;

/// <summary>
/// GitHub runs reusable workflows only from .github/workflows of a repository, and a workflow names them by that path
/// (<c>uses: ./.github/workflows/x.yml</c>). In the mlops repository they live in templates/github/, so a bundled
/// workflow may call one as ./templates/github/gate.yml, OWNER/mlops/templates/github/gate.yml@main, or by the name it
/// would have in .github/workflows; init renames the templates, so every such reference is rewritten to the new local
/// path. Everything else (actions, checkout, comments) is left byte-for-byte as it was.
/// </summary>
public static partial class WorkflowReferences
{
    [GeneratedRegex("""^(?<lead>\s*(?:-\s+)?uses:\s*)(?<q>["']?)(?<ref>[^"'\s#]+)\k<q>(?<tail>.*)$""")]
    private static partial Regex UsesLine();

    /// <summary>The reference of a reusable workflow template, if <paramref name="reference"/> names one; its path under templates/github/.</summary>
    public static string? TemplateOf(string reference, IReadOnlySet<string> templates)
    {
        var path = reference;
        var at = path.LastIndexOf('@');
        if (!path.StartsWith("./", StringComparison.Ordinal))
        {
            // OWNER/REPO/path@ref: the repository is someone's copy of mlops; only the path matters.
            var parts = path.Split('/', 3);
            if (parts.Length < 3 || at < 0) return null;
            path = parts[2][..parts[2].LastIndexOf('@')];
        }
        else path = path[2..];
        foreach (var prefix in new[] { "templates/github/", ".github/workflows/" })
            if (path.StartsWith(prefix, StringComparison.Ordinal) && templates.Contains(path[prefix.Length..]))
                return path[prefix.Length..];
        return null;
    }

    /// <summary>The <c>uses: ./path</c> references of a workflow: files or action folders that must exist in the repository it runs in.</summary>
    public static IEnumerable<string> LocalCalls(byte[] content) =>
        Encoding.UTF8.GetString(content).Split('\n').Select(l => UsesLine().Match(l.TrimEnd('\r')))
            .Where(m => m.Success && m.Groups["ref"].Value.StartsWith("./", StringComparison.Ordinal))
            .Select(m => m.Groups["ref"].Value[2..]);

    /// <summary>
    /// The text with each reference to a template replaced by <paramref name="localPath"/>(template path), or the same
    /// bytes when there is none. Line endings and every other byte are kept.
    /// </summary>
    public static byte[] Rewrite(byte[] content, IReadOnlySet<string> templates, Func<string, string> localPath)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n');
        var changed = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var cr = lines[i].EndsWith('\r');
            var line = cr ? lines[i][..^1] : lines[i];
            var match = UsesLine().Match(line);
            if (!match.Success || TemplateOf(match.Groups["ref"].Value, templates) is not { } template) continue;
            lines[i] = $"{match.Groups["lead"].Value}{match.Groups["q"].Value}{localPath(template)}{match.Groups["q"].Value}{match.Groups["tail"].Value}" + (cr ? "\r" : "");
            changed = true;
        }
        return changed ? Encoding.UTF8.GetBytes(string.Join('\n', lines)) : content;
    }
}
