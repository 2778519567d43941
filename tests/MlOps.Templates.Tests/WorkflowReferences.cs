using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>
/// Follows the references of a GitHub workflow to our reusable workflows and actions, as problems "file:line: what"
/// (empty = fine): a job's `uses: ./.github/workflows/NAME.yml` names a reusable workflow we ship (templates/github or
/// pipelines/github: mlops init copies both into .github/workflows/), and a step's `uses: OWNER/REPO/actions/NAME@REF`
/// or `./actions/NAME` one of our actions; each is given only inputs and secrets it declares and every required
/// one; `needs.JOB.outputs.NAME`, `jobs.JOB.outputs.NAME` and `steps.ID.outputs.NAME` name outputs that exist; and a
/// reusable workflow reads only the inputs and secrets it declares.
/// </summary>
internal static partial class WorkflowReferences
{
    private const string WorkflowFolder = "./.github/workflows/";
    private static readonly string[] ShippedWorkflowFolders = ["templates/github", "pipelines/github"];

    /// <param name="file">The workflow, relative to <paramref name="root"/>.</param>
    /// <param name="root">The folder that holds pipelines/ and templates/: the repository, or a copy of them.</param>
    public static List<string> Problems(string file, string root)
    {
        var problems = new List<string>();
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        var workflow = PipelineSecurity.Load(path);
        var jobs = (PipelineSecurity.Child(workflow, "jobs") as YamlMappingNode)?.Children
            .ToDictionary(j => PipelineSecurity.Text(j.Key)!, j => (YamlMappingNode)j.Value) ?? [];
        var jobOutputs = new Dictionary<string, IEnumerable<string>>();

        foreach (var (id, job) in jobs)
        {
            jobOutputs[id] = Keys(PipelineSecurity.Child(job, "outputs"));
            if (PipelineSecurity.Child(job, "uses") is YamlScalarNode uses)
            {
                if (CalledWorkflow(file, uses, root, problems) is not { } called) continue;
                var call = PipelineSecurity.Child(called.Root, "on") is YamlMappingNode on ? PipelineSecurity.Child(on, "workflow_call") : null;
                var at = $"{file}:{uses.Start.Line}";
                CheckGiven(at, $"inputs of {called.Shown}", PipelineSecurity.Child(job, "with"), PipelineSecurity.Child(call, "inputs"), problems);
                if (PipelineSecurity.Text(PipelineSecurity.Child(job, "secrets")) != "inherit")
                    CheckGiven(at, $"secrets of {called.Shown}", PipelineSecurity.Child(job, "secrets"), PipelineSecurity.Child(call, "secrets"), problems);
                jobOutputs[id] = Keys(PipelineSecurity.Child(call, "outputs"));
                continue;
            }
            var actions = new Dictionary<string, ActionFile>();
            foreach (var step in (PipelineSecurity.Child(job, "steps") as YamlSequenceNode)?.OfType<YamlMappingNode>() ?? [])
            {
                if (PipelineSecurity.Child(step, "uses") is not YamlScalarNode stepUses || OurAction().Match(stepUses.Value!) is not { Success: true } m) continue;
                var actionFile = $"actions/{m.Groups[1].Value}/action.yml";
                if (!File.Exists(Path.Combine(RepoPaths.Root, actionFile)))
                {
                    problems.Add($"{file}:{stepUses.Start.Line}: {stepUses.Value} names {actionFile}, which does not exist");
                    continue;
                }
                var action = new ActionFile(actionFile);
                CheckGiven($"{file}:{stepUses.Start.Line}", $"inputs of {actionFile}", PipelineSecurity.Child(step, "with"), PipelineSecurity.Child(action.Root, "inputs"), problems);
                if (PipelineSecurity.Text(PipelineSecurity.Child(step, "id")) is { } stepId) actions[stepId] = action;
            }
            foreach (var read in All(job).SelectMany(s => StepOutput().Matches(s.Value!).Select(r => (s, r))))
                if (actions.TryGetValue(read.r.Groups[1].Value, out var action) && !action.Outputs.ContainsKey(read.r.Groups[2].Value))
                    problems.Add($"{file}:{read.s.Start.Line}: steps.{read.r.Groups[1].Value}.outputs.{read.r.Groups[2].Value}: {action.File} has no output {read.r.Groups[2].Value}");
        }

        foreach (Match m in JobOutput().Matches(text))
        {
            var (job, output) = (m.Groups[2].Value, m.Groups[3].Value);
            if (!jobOutputs.TryGetValue(job, out var outputs))
                problems.Add($"{file}:{Line(text, m.Index)}: {m.Value} names job {job}, which this workflow does not have");
            else if (!outputs.Contains(output))
                problems.Add($"{file}:{Line(text, m.Index)}: {m.Value}: job {job} has no output {output} (it has {string.Join(", ", outputs)})");
        }

        if (PipelineSecurity.IsCalledOnly(workflow))
        {
            var call = PipelineSecurity.Child(PipelineSecurity.Child(workflow, "on"), "workflow_call");
            // Expressions are ${{ }} anywhere, and the bare text of an if:.
            var expressions = Expression().Matches(text).Select(e => (e.Value, Line: Line(text, e.Index)))
                .Concat(PipelineSecurity.All(workflow).OfType<YamlMappingNode>().Select(n => PipelineSecurity.Child(n, "if")).OfType<YamlScalarNode>()
                    .Select(c => (c.Value!, (int)c.Start.Line)));
            foreach (var (expression, line) in expressions)
            foreach (Match m in ContextRead().Matches(expression))
                if (m.Groups[2].Value != "GITHUB_TOKEN" && !Keys(PipelineSecurity.Child(call, m.Groups[1].Value)).Contains(m.Groups[2].Value))
                    problems.Add($"{file}:{line}: {m.Value} is read but not declared under on.workflow_call.{m.Groups[1].Value}");
        }
        return problems;
    }

    private sealed record Called(YamlMappingNode Root, string Shown);

    /// <summary>The reusable workflow a job calls, when it is one of ours; a problem when it should be and is not there.</summary>
    private static Called? CalledWorkflow(string file, YamlScalarNode uses, string root, List<string> problems)
    {
        var reference = uses.Value!;
        if (!reference.StartsWith("./")) return null; // OWNER/REPO/.github/workflows/X.yml@REF: not shipped here
        if (!reference.StartsWith(WorkflowFolder) || reference[WorkflowFolder.Length..].Contains('/'))
        {
            problems.Add($"{file}:{uses.Start.Line}: {reference}: GitHub runs a reusable workflow only from {WorkflowFolder}");
            return null;
        }
        var name = reference[WorkflowFolder.Length..];
        var shipped = ShippedWorkflowFolders.Select(f => $"{f}/{name}").FirstOrDefault(f => File.Exists(Path.Combine(root, f)));
        if (shipped is null)
        {
            problems.Add($"{file}:{uses.Start.Line}: {reference} not found (looked for {string.Join(" and ", ShippedWorkflowFolders.Select(f => $"{f}/{name}"))})");
            return null;
        }
        return new Called(PipelineSecurity.Load(Path.Combine(root, shipped)), shipped);
    }

    /// <summary>What a caller gives (with: or secrets:) against what the callee declares: nothing unknown, nothing required missing.</summary>
    private static void CheckGiven(string at, string what, YamlNode? given, YamlNode? declared, List<string> problems)
    {
        var names = Keys(given).ToList();
        var declarations = (declared as YamlMappingNode)?.Children.ToDictionary(c => PipelineSecurity.Text(c.Key)!, c => c.Value) ?? [];
        foreach (var name in names.Where(n => !declarations.ContainsKey(n)))
            problems.Add($"{at}: {name} is not one of the {what} ({string.Join(", ", declarations.Keys)})");
        foreach (var (name, declaration) in declarations)
            if (PipelineSecurity.Text(PipelineSecurity.Child(declaration, "required")) == "true"
                && PipelineSecurity.Child(declaration, "default") is null && !names.Contains(name))
                problems.Add($"{at}: {name} is required by the {what} and not given");
    }

    private static IEnumerable<string> Keys(YamlNode? node) =>
        (node as YamlMappingNode)?.Children.Keys.Select(k => PipelineSecurity.Text(k)!) ?? [];

    private static IEnumerable<YamlScalarNode> All(YamlNode node) => PipelineSecurity.All(node).OfType<YamlScalarNode>();

    private static int Line(string text, int index) => text[..index].Count(c => c == '\n') + 1;

    [GeneratedRegex(@"^(?:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+|\.)/actions/([a-z]+)(?:@|$)")]
    private static partial Regex OurAction();

    [GeneratedRegex(@"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex StepOutput();

    [GeneratedRegex(@"\b(needs|jobs)\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex JobOutput();

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"\b(inputs|secrets)\.([A-Za-z0-9_-]+)")]
    private static partial Regex ContextRead();
}
