using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>
/// The security rules every ready pipeline keeps, as problems "file:line: what" (empty = fine): values from whoever
/// started the run reach scripts only through env (no ${{ }} or $(Var.Name) text inside a script, where a crafted
/// value would become code), least-privilege GitHub permissions, and checkouts that do not leave the token behind.
/// </summary>
internal static partial class PipelineSecurity
{
    private static readonly string[] AdoScriptKeys = ["script", "bash", "pwsh", "powershell", "inlineScript"];

    /// <summary>
    /// The write scopes a ready workflow needs, by file name (id-token: write, for OIDC sign-in, is allowed to all):
    /// the PR gate writes its check run and comment; the nightly retrain writes nothing to the repository.
    /// </summary>
    private static readonly Dictionary<string, string[]> Writes = new() { ["pr-gate.yml"] = ["checks", "pull-requests"] };

    public static List<string> GitHub(string file)
    {
        var problems = new List<string>();
        var root = Load(file);
        var allowed = Writes.GetValueOrDefault(Path.GetFileName(file), []);
        // A reusable workflow (on: workflow_call only) that declares none runs with exactly what its caller grants,
        // and the caller is checked; one that declares some is checked like any other.
        if (Child(root, "permissions") is not YamlMappingNode && !IsCalledOnly(root))
            problems.Add($"{file}:1: no top-level permissions: mapping; the default token would get every write permission");
        var jobs = (Child(root, "jobs") as YamlMappingNode)?.Children.Values ?? [];
        foreach (var permissions in jobs.Prepend(root).Select(n => Child(n, "permissions")).OfType<YamlMappingNode>())
            foreach (var (scope, level) in permissions.Children)
                if (Text(level) == "write" && Text(scope) != "id-token" && !allowed.Contains(Text(scope)))
                    problems.Add($"{file}:{scope.Start.Line}: permissions {Text(scope)}: write; this workflow needs write only to [{string.Join(", ", allowed)}]");
        problems.AddRange(ScriptExpressions(file, root));
        foreach (var node in All(root).OfType<YamlMappingNode>())
        {
            if (Child(node, "uses") is YamlScalarNode uses && uses.Value!.StartsWith("actions/checkout@")
                && !(Child(node, "with") is YamlMappingNode with && Text(Child(with, "persist-credentials")) == "false"))
                problems.Add($"{file}:{uses.Start.Line}: actions/checkout without persist-credentials: false leaves the token in .git/config");
        }
        return problems;
    }

    /// <summary>
    /// ${{ }} inside a run: script of a workflow or an action.yml: the value is pasted into the script before bash
    /// reads it, so a crafted input becomes code; env: is the safe way in.
    /// </summary>
    public static IEnumerable<string> ScriptExpressions(string file, YamlNode? root = null) =>
        All(root ?? Load(file)).OfType<YamlMappingNode>()
            .Select(node => Child(node, "run")).OfType<YamlScalarNode>()
            .Where(run => run.Value!.Contains("${{"))
            .Select(run => $"{file}:{run.Start.Line}: ${{{{ }}}} inside run:; pass the value through env: instead");

    public static List<string> AzurePipelines(string file)
    {
        var problems = new List<string>();
        foreach (var node in All(Load(file)).OfType<YamlMappingNode>())
        {
            foreach (var key in AdoScriptKeys)
                if (Child(node, key) is YamlScalarNode script && (script.Value!.Contains("${{") || Macro().IsMatch(script.Value)))
                    problems.Add($"{file}:{script.Start.Line}: template expression or $(Variable.Name) macro inside {key}; pass the value through env: instead");
            if (Child(node, "checkout") is not null && Text(Child(node, "persistCredentials")) == "true")
                problems.Add($"{file}:{node.Start.Line}: checkout with persistCredentials: true leaves the token in .git/config");
        }
        return problems;
    }

    /// <summary>A reusable workflow: workflow_call is its only trigger.</summary>
    public static bool IsCalledOnly(YamlMappingNode workflow) =>
        Child(workflow, "on") is YamlMappingNode on && on.Children.Count == 1 && Child(on, "workflow_call") is not null;

    public static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(RepoPaths.Root, file))) stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Text(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> All(YamlNode node)
    {
        yield return node;
        var children = node switch
        {
            YamlMappingNode map => map.Children.Values,
            YamlSequenceNode list => list.Children,
            _ => [],
        };
        foreach (var child in children)
        foreach (var descendant in All(child))
            yield return descendant;
    }

    /// <summary>$(Build.SourceBranchName), $(System.AccessToken): dotted names are pipeline macros, $(cmd) is bash.</summary>
    [GeneratedRegex(@"\$\([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_.]+\)")]
    private static partial Regex Macro();
}
