using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>One actions/NAME/action.yml as the tests look at it: its inputs, outputs and composite steps.</summary>
internal sealed partial class ActionFile
{
    public ActionFile(string file)
    {
        File = file;
        Root = PipelineSecurity.Load(file);
        Inputs = Map("inputs");
        Outputs = Map("outputs");
        Steps = ((YamlSequenceNode)PipelineSecurity.Child(PipelineSecurity.Child(Root, "runs"), "steps")!).Cast<YamlMappingNode>().ToList();
    }

    public string File { get; }

    /// <summary>The folder name: train, evaluate, ... (the mlops verb), or setup.</summary>
    public string Name => Path.GetFileName(Path.GetDirectoryName(File))!;

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Inputs { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Outputs { get; }

    public IReadOnlyList<YamlMappingNode> Steps { get; }

    public static ActionFile Of(string name) => new($"actions/{name}/action.yml");

    public YamlMappingNode Step(string id) => Steps.Single(s => PipelineSecurity.Text(PipelineSecurity.Child(s, "id")) == id);

    /// <summary>Every `inputs.NAME` inside a ${{ }} anywhere in the file.</summary>
    public IEnumerable<string> ReferencedInputs =>
        Expression().Matches(System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, File)))
            .SelectMany(m => InputReference().Matches(m.Value)).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>The default of an input as the runner would pass it; ${{ github.token }} becomes <paramref name="token"/>.</summary>
    public string Default(string input, string token = "") =>
        PipelineSecurity.Text(PipelineSecurity.Child(Inputs[input], "default")) is { } value
            ? value.Replace("${{ github.token }}", token) : "";

    /// <summary>
    /// The env: of a step as the runner would set it for the given inputs (others at their defaults). Only a plain
    /// `${{ inputs.NAME }}` is understood; `${{ steps.ID.outputs.NAME }}` is left to the caller, anything else fails.
    /// </summary>
    public Dictionary<string, string> StepEnv(YamlMappingNode step, IReadOnlyDictionary<string, string> inputs, string token = "")
    {
        var env = new Dictionary<string, string>();
        foreach (var (key, value) in ((YamlMappingNode)PipelineSecurity.Child(step, "env")!).Children)
        {
            var text = PipelineSecurity.Text(value)!;
            if (text.StartsWith("${{ steps.")) continue;
            var m = WholeInput().Match(text);
            if (!m.Success) Assert.Fail($"{File}: env {PipelineSecurity.Text(key)} is not a plain ${{{{ inputs.NAME }}}}");
            var name = m.Groups[1].Value;
            env[PipelineSecurity.Text(key)!] = inputs.TryGetValue(name, out var given) ? given : Default(name, token);
        }
        return env;
    }

    private Dictionary<string, YamlMappingNode> Map(string key) =>
        (PipelineSecurity.Child(Root, key) as YamlMappingNode)?.Children
            .ToDictionary(c => PipelineSecurity.Text(c.Key)!, c => (YamlMappingNode)c.Value) ?? [];

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"\binputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex InputReference();

    [GeneratedRegex(@"^\$\{\{ inputs\.([A-Za-z0-9_-]+) \}\}$")]
    private static partial Regex WholeInput();
}
