using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>
/// Expands the `template:` references of an Azure Pipelines file the way the service does when it compiles a run,
/// as problems "file:line: what" (empty = fine): each referenced steps, jobs, stages or extends template exists (a
/// path relative to the including file, `/path` from the root, an optional `@self`), stays inside pipelines/ and
/// templates/ (mlops init copies only those), is given only parameters it declares, every declared parameter
/// without a default, and a value among its `values:` when one is listed; and every ${{ parameters.NAME }} a file
/// uses is declared in it.
/// </summary>
internal static partial class AzureTemplateReferences
{
    private static readonly string[] CopiedFolders = ["pipelines", "templates"];

    /// <param name="file">The file, relative to <paramref name="root"/>.</param>
    /// <param name="root">The folder that holds pipelines/ and templates/: the repository, or a copy of them.</param>
    public static List<string> Problems(string file, string root)
    {
        var problems = new List<string>();
        var path = Path.GetFullPath(Path.Combine(root, file));
        var document = PipelineSecurity.Load(path);
        var declared = Declared(document);
        var text = File.ReadAllText(path);
        foreach (Match expression in Expression().Matches(text))
        foreach (Match m in ParameterUse().Matches(expression.Value))
            if (!declared.ContainsKey(m.Groups[1].Value))
                problems.Add($"{file}:{Line(text, expression.Index)}: parameters.{m.Groups[1].Value} is used but not declared in its parameters:");

        foreach (var node in PipelineSecurity.All(document).OfType<YamlMappingNode>())
        {
            if (PipelineSecurity.Child(node, "template") is not YamlScalarNode reference) continue;
            var at = $"{file}:{reference.Start.Line}";
            var (target, problem) = Resolve(reference.Value!, path, root);
            if (problem is not null)
            {
                problems.Add($"{at}: {problem}");
                continue;
            }
            var shown = Path.GetRelativePath(root, target!);
            var parameters = Declared(PipelineSecurity.Load(target!));
            var given = Given(PipelineSecurity.Child(node, "parameters"));
            foreach (var (name, value) in given)
            {
                if (!parameters.TryGetValue(name, out var parameter))
                    problems.Add($"{at}: parameter {name} is not declared by {shown} (it declares {string.Join(", ", parameters.Keys)})");
                else if (parameter.Values is { } values && value is { } literal && !literal.Contains('$') && !values.Contains(literal))
                    problems.Add($"{at}: parameter {name} of {shown} is '{literal}'; expected one of {string.Join(", ", values)}");
            }
            foreach (var (name, _) in parameters.Where(p => !p.Value.HasDefault && !given.ContainsKey(p.Key)))
                problems.Add($"{at}: {shown} requires parameter {name}, which is not given");
        }
        return problems;
    }

    /// <summary>The file a reference names, or why it cannot be used.</summary>
    private static (string? Target, string? Problem) Resolve(string reference, string including, string root)
    {
        if (reference.Contains("${{")) return (null, $"template path '{reference}' is an expression; write the path");
        var at = reference.LastIndexOf('@');
        if (at >= 0)
        {
            var repository = reference[(at + 1)..];
            if (repository != "self")
                return (null, $"template '{reference}' comes from the repository resource {repository}; the ready pipelines only use templates copied beside them");
            reference = reference[..at];
        }
        var target = Path.GetFullPath(reference.StartsWith('/')
            ? Path.Combine(root, reference.TrimStart('/'))
            : Path.Combine(Path.GetDirectoryName(including)!, reference));
        var relative = Path.GetRelativePath(root, target);
        if (!CopiedFolders.Any(f => relative.StartsWith(f + Path.DirectorySeparatorChar)))
            return (null, $"template '{reference}' is {relative}, outside {string.Join(" and ", CopiedFolders)}/ (mlops init copies only those)");
        return File.Exists(target) ? (target, null) : (null, $"template '{reference}' not found (looked for {relative})");
    }

    private sealed record Parameter(bool HasDefault, IReadOnlyList<string>? Values);

    /// <summary>The parameters: of a file, in either form: a list of { name, type, default, values } or a map name: default.</summary>
    private static Dictionary<string, Parameter> Declared(YamlMappingNode document) =>
        PipelineSecurity.Child(document, "parameters") switch
        {
            YamlSequenceNode list => list.OfType<YamlMappingNode>().ToDictionary(
                p => PipelineSecurity.Text(PipelineSecurity.Child(p, "name"))!,
                p => new Parameter(PipelineSecurity.Child(p, "default") is not null,
                    (PipelineSecurity.Child(p, "values") as YamlSequenceNode)?.Select(v => PipelineSecurity.Text(v)!).ToList())),
            YamlMappingNode map => map.Children.ToDictionary(c => PipelineSecurity.Text(c.Key)!, _ => new Parameter(true, null)),
            _ => [],
        };

    /// <summary>The parameters given to a template, with those under a ${{ if }} / ${{ else }} key; a scalar's text, else null.</summary>
    private static Dictionary<string, string?> Given(YamlNode? parameters)
    {
        var given = new Dictionary<string, string?>();
        if (parameters is not YamlMappingNode map) return given;
        foreach (var (key, value) in map.Children)
        {
            var name = PipelineSecurity.Text(key)!;
            if (name.StartsWith("${{"))
                foreach (var (inner, innerValue) in Given(value)) given[inner] = innerValue;
            else
                given[name] = PipelineSecurity.Text(value);
        }
        return given;
    }

    private static int Line(string text, int index) => text[..index].Count(c => c == '\n') + 1;

    [GeneratedRegex(@"\$\{\{.*?\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\bparameters\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterUse();
}
