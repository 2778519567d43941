using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>
/// actions/: every action.yml valid against the official action schema (shared/schemas), no ${{ }} inside a script,
/// inputs and outputs that are declared and wired to something that exists, the PR-gate workflow of the README clean
/// for actionlint and the workflow schema, and the shared script run for real with a fake mlops.
/// </summary>
[TestFixture, NonParallelizable, UnsupportedOSPlatform("windows")] // the composites run in bash
public partial class ActionTests : ScratchTest
{
    private const string PrGate = "pipelines/github/pr-gate.yml";
    private const string Readme = "actions/README.md";
    private const string Token = "ghs_test-token";

    private static IEnumerable<string> Actions => RepoPaths.Actions;

    private static readonly string[] Verbs = ["train", "evaluate", "register", "promote", "compare", "package", "deploy", "monitor"];

    [Test]
    public void There_is_a_setup_action_and_one_action_per_step() =>
        Assert.That(Actions, Is.EquivalentTo(Verbs.Append("setup").Select(v => $"actions/{v}/action.yml")));

    [TestCaseSource(nameof(Actions))]
    public void Action_matches_the_action_schema(string file)
    {
        var run = SchemaTools.GitHubActionSchema(file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain($"{file} valid"));
    }

    [Test]
    public void An_action_with_a_misspelt_key_fails_the_action_schema()
    {
        var run = SchemaTools.GitHubActionSchema(BrokenCopy("actions/evaluate/action.yml", "runs:", "run:"));
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("invalid").And.Contain("runs"));
    }

    [TestCaseSource(nameof(Actions))]
    public void Action_keeps_expressions_out_of_its_scripts(string file) =>
        Assert.That(PipelineSecurity.ScriptExpressions(file), Is.Empty);

    [Test]
    public void An_input_pasted_into_a_script_is_caught()
    {
        var broken = BrokenCopy("actions/evaluate/action.yml", "evaluate\n", "evaluate --model \"${{ inputs.model }}\"\n");
        Assert.That(PipelineSecurity.ScriptExpressions(broken), Has.One.Match(@":\d+: \$\{\{ \}\} inside run:"));
    }

    [TestCaseSource(nameof(Actions))]
    public void Action_declares_every_input_it_uses_and_uses_every_input_it_declares(string file)
    {
        var action = new ActionFile(file);
        Assert.That(action.ReferencedInputs, Is.EquivalentTo(action.Inputs.Keys));
        Assert.That(action.Inputs.Values.Select(i => PipelineSecurity.Child(i, "description")), Has.All.Not.Null);
    }

    [TestCaseSource(nameof(Actions))]
    public void Action_outputs_come_from_outputs_its_steps_write(string file)
    {
        var action = new ActionFile(file);
        Assert.That(action.Outputs, Is.Not.Empty);
        foreach (var (name, output) in action.Outputs)
        {
            var m = StepOutput().Match(PipelineSecurity.Text(PipelineSecurity.Child(output, "value")) ?? "");
            Assert.That(m.Success, $"{file}: output {name} is not ${{{{ steps.ID.outputs.NAME }}}}");
            Assert.That(Written(action.Step(m.Groups[1].Value)), Does.Contain(m.Groups[2].Value), $"{file}: output {name}");
        }
    }

    [TestCaseSource(nameof(Verbs))]
    public void Step_action_passes_on_every_output_mlops_writes(string verb) =>
        Assert.That(ActionFile.Of(verb).Outputs.Keys, Is.SupersetOf(MlOpsOutputs(verb)).And.Contains("exit_code"));

    [Test]
    public void The_readme_pr_gate_is_the_ready_workflow_and_uses_pull_request_only()
    {
        var snippets = WorkflowSnippets();
        Assert.That(snippets, Has.Some.EqualTo(File.ReadAllText(Path.Combine(RepoPaths.Root, PrGate))));
        var on = PipelineSecurity.Child(PipelineSecurity.Load(PrGate), "on") as YamlMappingNode;
        Assert.That(on!.Children.Keys.Select(PipelineSecurity.Text), Is.EqualTo(new[] { "pull_request" }));
        foreach (var snippet in snippets)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(snippet));
            var triggers = (YamlMappingNode)PipelineSecurity.Child(stream.Documents[0].RootNode, "on")!;
            Assert.That(triggers.Children.Keys.Select(PipelineSecurity.Text), Does.Not.Contain("pull_request_target"));
        }
    }

    [Test]
    public void Every_workflow_in_the_readme_passes_actionlint_the_schema_and_the_security_rules()
    {
        var snippets = WorkflowSnippets();
        Assert.That(snippets, Has.Count.GreaterThanOrEqualTo(2), "the PR gate and the nightly retrain");
        for (var i = 0; i < snippets.Count; i++)
        {
            // Named as the ready file it copies, so the security rules grant the PR gate its writes and no other.
            var name = snippets[i] == File.ReadAllText(Path.Combine(RepoPaths.Root, PrGate)) ? Path.GetFileName(PrGate) : $"snippet-{i}.yml";
            var file = Path.GetRelativePath(RepoPaths.Root, Path.Combine(Scratch, name));
            File.WriteAllText(Path.Combine(RepoPaths.Root, file), snippets[i]);
            var lint = SchemaTools.ActionLint(file);
            Assert.That(lint.ExitCode, Is.EqualTo(0), lint.ToString());
            var schema = SchemaTools.GitHubWorkflowSchema(file);
            Assert.That(schema.ExitCode, Is.EqualTo(0), schema.ToString());
            Assert.That(UsesOfOurActions(file), Is.Not.Empty, file);
            Assert.That(PipelineSecurity.GitHub(file), Is.Empty);
        }
    }

    [TestCaseSource(nameof(ReadyWorkflowsAndSnippets))]
    public void A_workflow_gives_our_actions_only_inputs_they_declare_and_reads_only_outputs_they_have(string name)
    {
        var file = ReadyOrSnippet(name);
        var ids = new Dictionary<string, ActionFile>();
        foreach (var (step, action) in UsesOfOurActions(file))
        {
            var with = (PipelineSecurity.Child(step, "with") as YamlMappingNode)?.Children.Keys.Select(k => PipelineSecurity.Text(k)!).ToList() ?? [];
            Assert.That(action.Inputs.Keys, Is.SupersetOf(with), $"{file}: inputs of {action.File}");
            var required = action.Inputs.Where(i => PipelineSecurity.Text(PipelineSecurity.Child(i.Value, "required")) == "true").Select(i => i.Key);
            Assert.That(with, Is.SupersetOf(required), $"{file}: required inputs of {action.File}");
            if (PipelineSecurity.Text(PipelineSecurity.Child(step, "id")) is { } id) ids[id] = action;
        }
        foreach (Match m in StepOutputAnywhere().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, file))))
            if (ids.TryGetValue(m.Groups[1].Value, out var action))
                Assert.That(action.Outputs.Keys, Does.Contain(m.Groups[2].Value), $"{file}: steps.{m.Groups[1].Value}.outputs");
    }

    // The shared script, run as the runner runs a composite step: the run: body from the YAML in bash -eo pipefail,
    // the step's env: filled from the inputs, GITHUB_ACTION_PATH set, and a fake mlops on PATH that records its argv.

    [Test]
    public void Evaluate_passes_each_input_as_one_literal_argument_and_fails_the_step_when_the_gate_fails()
    {
        var model = "runs/my model $(touch pwned) `touch pwned2` ; echo hi";
        var run = RunComposite("evaluate", new() { ["model"] = model, ["baseline"] = "adult-income:3", ["pr-report"] = "false" }, exit: 1);
        Assert.That(run.Argv, Is.EqualTo(new[] { "evaluate", "--config", "mlops.yml", "--model", model, "--baseline", "adult-income:3", "--no-pr-report" }));
        Assert.That(Directory.GetFiles(Scratch, "pwned*"), Is.Empty, "an input was run as code");
        Assert.That(run.Token, Is.EqualTo(Token), "the token reaches mlops as GITHUB_TOKEN");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Log);
        Assert.That(run.Outputs, Does.Contain("gate_passed=false\n").And.Contain("report_json=report/report.json\n").And.Contain("exit_code=1\n"));
    }

    [Test]
    public void Evaluate_with_fail_on_gate_false_passes_the_step_and_reports_the_exit_code()
    {
        var run = RunComposite("evaluate", new() { ["model"] = "out/candidate", ["fail-on-gate"] = "false" }, exit: 1);
        Assert.That(run.Argv, Is.EqualTo(new[] { "evaluate", "--config", "mlops.yml", "--model", "out/candidate" }));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Log);
        Assert.That(run.Outputs, Does.Contain("exit_code=1\n"));
    }

    [Test]
    public void Other_exit_codes_fail_the_step_even_when_verdicts_do_not()
    {
        var run = RunComposite("evaluate", new() { ["model"] = "out/candidate", ["fail-on-gate"] = "false" }, exit: 2);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Log);
    }

    [Test]
    public void Positional_and_switch_inputs_become_the_arguments_mlops_expects()
    {
        var package = RunComposite("package", new() { ["model"] = "adult income@production", ["validate"] = "true", ["tag"] = "", ["push"] = "127.0.0.1:5000/adult:1" });
        Assert.That(package.Argv, Is.EqualTo(new[] { "package", "adult income@production", "--output", "out/package", "--format", "both", "--validate", "--ready-timeout", "60", "--push", "127.0.0.1:5000/adult:1" }));
        var deploy = RunComposite("deploy", new() { ["env"] = "test", ["stop"] = "false" });
        Assert.That(deploy.Argv, Is.EqualTo(new[] { "deploy", "--config", "mlops.yml", "--env", "test" }));
        var image = RunComposite("deploy", new() { ["env"] = "test", ["package"] = "out/image", ["stop"] = "false" });
        Assert.That(image.Argv, Is.EqualTo(new[] { "deploy", "--config", "mlops.yml", "--env", "test", "--package", "out/image" }));
    }

    [Test]
    public void A_required_positional_input_left_empty_is_a_clear_error_and_mlops_is_not_run()
    {
        var run = RunComposite("promote", new() { ["version"] = "" });
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Log, Does.Contain("::error::mlops promote: the input for MLOPS_VERSION is required but empty"));
        Assert.That(run.Argv, Is.Null);
    }

    [Test]
    public void Without_the_setup_action_the_step_says_what_is_missing()
    {
        var run = RunComposite("train", [], withMlops: false);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Log, Does.Contain("::error::mlops is not on PATH: add the setup action"));
    }

    [Test]
    public void Setup_keys_its_cache_on_the_sources_and_package_versions_only()
    {
        var source = Path.Combine(Scratch, "mlops-source");
        var cli = Directory.CreateDirectory(Path.Combine(source, "src", "MlOps.Cli")).FullName;
        File.WriteAllText(Path.Combine(cli, "MlOps.Cli.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(cli, "Program.cs"), "// v1");
        File.WriteAllText(Path.Combine(source, "Directory.Packages.props"), "<Project />");
        string Key()
        {
            var (code, outputs, log) = RunStep("setup", "key", new() { ["source-path"] = source }, SetupEnv);
            Assert.That(code, Is.EqualTo(0), log);
            Assert.That(outputs, Does.Contain($"source={source}\n"));
            var key = Regex.Match(outputs, @"^key=(mlops-Linux-X64-[0-9a-f]{32})$", RegexOptions.Multiline);
            Assert.That(key.Success, outputs);
            Assert.That(outputs, Does.Contain($"tool=/opt/hostedtoolcache/mlops/{key.Groups[1].Value[^32..]}\n"));
            return key.Groups[1].Value;
        }

        var first = Key();
        Directory.CreateDirectory(Path.Combine(cli, "obj"));
        File.WriteAllText(Path.Combine(cli, "obj", "project.assets.json"), "{}");
        Assert.That(Key(), Is.EqualTo(first), "build output must not change the key");
        File.WriteAllText(Path.Combine(cli, "Program.cs"), "// v2");
        var second = Key();
        Assert.That(second, Is.Not.EqualTo(first), "a changed source must rebuild");
        File.WriteAllText(Path.Combine(source, "Directory.Packages.props"), "<Project><!-- new version --></Project>");
        Assert.That(Key(), Is.Not.EqualTo(second), "a changed package version must rebuild");
    }

    [Test]
    public void Setup_refuses_a_version_it_cannot_install_and_a_folder_that_is_not_mlops()
    {
        var version = RunStep("setup", "key", new() { ["version"] = "1.2.3" }, SetupEnv);
        Assert.That(version.ExitCode, Is.EqualTo(2));
        Assert.That(version.Log, Does.Contain("::error::mlops setup: version '1.2.3' is not available; the only version is 'source'"));
        var folder = RunStep("setup", "key", new() { ["source-path"] = Scratch }, SetupEnv);
        Assert.That(folder.ExitCode, Is.EqualTo(2));
        Assert.That(folder.Log, Does.Contain("src/MlOps.Cli/MlOps.Cli.csproj not found; source-path must be a checkout of the mlops repository"));
    }

    [Test]
    public void Setup_builds_this_repository_when_no_source_path_is_given()
    {
        var (code, outputs, log) = RunStep("setup", "key", [], SetupEnv);
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(outputs, Does.Contain($"source={RepoPaths.Root}\n"));
    }

    [Test]
    public void Setup_puts_mlops_on_path_and_outputs_its_version()
    {
        var tool = Directory.CreateDirectory(Path.Combine(Scratch, "tool")).FullName;
        var mlops = Path.Combine(tool, "mlops");
        // What `mlops --version` prints: the version line, then the verb list.
        File.WriteAllText(mlops, "#!/usr/bin/env bash\nprintf 'mlops 1.0.0+abc123\\nCopyright (C) 2026 mlops\\n\\n  train  Train a model\\n'\n");
        File.SetUnixFileMode(mlops, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(Scratch, "github_path");
        var (code, outputs, log) = RunStep("setup", "path", [], new() { ["MLOPS_TOOL"] = tool, ["GITHUB_PATH"] = path });
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(File.ReadAllText(path), Is.EqualTo(tool + "\n"));
        Assert.That(outputs, Is.EqualTo($"path={tool}\nversion=1.0.0+abc123\n"));
        Assert.That(log, Does.Contain($"mlops 1.0.0+abc123 in {tool}"));
    }

    private static Dictionary<string, string> SetupEnv => new()
    {
        ["RUNNER_OS"] = "Linux", ["RUNNER_ARCH"] = "X64", ["RUNNER_TOOL_CACHE"] = "/opt/hostedtoolcache",
    };

    private sealed record CompositeRun(int ExitCode, string[]? Argv, string? Token, string Outputs, string Log);

    private CompositeRun RunComposite(string name, Dictionary<string, string> inputs, int exit = 0, bool withMlops = true)
    {
        var bin = Directory.CreateDirectory(Path.Combine(Scratch, "bin")).FullName;
        var fake = Path.Combine(bin, "mlops");
        var argv = Path.Combine(Scratch, "argv");
        var token = Path.Combine(Scratch, "token");
        if (withMlops)
        {
            File.WriteAllText(fake, $$"""
                #!/usr/bin/env bash
                printf '%s\0' "$@" > '{{argv}}'
                printf '%s' "${GITHUB_TOKEN:-}" > '{{token}}'
                echo "gate_passed=false" >> "$GITHUB_OUTPUT"
                echo "report_json=report/report.json" >> "$GITHUB_OUTPUT"
                exit {{exit}}

                """);
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var (code, outputs, log) = RunStep(name, "mlops", inputs, new() { ["PATH"] = $"{bin}:/usr/bin:/bin" });
        return new CompositeRun(code,
            File.Exists(argv) ? File.ReadAllText(argv).TrimEnd('\0').Split('\0') : null,
            File.Exists(token) ? File.ReadAllText(token) : null,
            outputs, log);
    }

    /// <summary>One step's run: body in bash as the runner runs it; its exit code, GITHUB_OUTPUT text and log.</summary>
    private (int ExitCode, string Outputs, string Log) RunStep(string name, string stepId, Dictionary<string, string> inputs, Dictionary<string, string> env)
    {
        var action = ActionFile.Of(name);
        var step = action.Step(stepId);
        var script = Path.Combine(Scratch, $"{stepId}.sh");
        File.WriteAllText(script, PipelineSecurity.Text(PipelineSecurity.Child(step, "run")));
        var outputs = Path.Combine(Scratch, $"{stepId}.github_output");
        File.WriteAllText(outputs, "");

        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", script])
        {
            WorkingDirectory = Scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in action.StepEnv(step, inputs, Token)) start.Environment[key] = value;
        start.Environment["GITHUB_ACTION_PATH"] = Path.Combine(RepoPaths.Root, "actions", name);
        start.Environment["GITHUB_OUTPUT"] = outputs;
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the {name} step {stepId} did not finish in 30 s");
        }
        return (process.ExitCode, File.ReadAllText(outputs), stdout.Result + stderr.Result);
    }

    /// <summary>The output names a step writes: those of mlops VERB when it runs run-mlops.sh, and its own NAME=... lines.</summary>
    private static IEnumerable<string> Written(YamlMappingNode step)
    {
        var run = PipelineSecurity.Text(PipelineSecurity.Child(step, "run")) ?? "";
        var names = OwnOutput().Matches(run).Select(m => m.Groups[1].Value).ToList();
        var verb = SharedScriptCall().Match(run);
        if (verb.Success)
        {
            names.AddRange(MlOpsOutputs(verb.Groups[1].Value));
            names.AddRange(OwnOutput().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "actions", "run-mlops.sh"))).Select(m => m.Groups[1].Value));
        }
        return names;
    }

    /// <summary>What `mlops VERB` writes to GITHUB_OUTPUT: the SetOutput calls of its step in src/MlOps.Steps.</summary>
    private static IEnumerable<string> MlOpsOutputs(string verb)
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "MlOps.Steps", char.ToUpperInvariant(verb[0]) + verb[1..]);
        Assert.That(Directory.Exists(folder), folder);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => SetOutput().Matches(File.ReadAllText(f))).Select(m => m.Groups[1].Value).Distinct();
    }

    /// <summary>The ```yaml blocks of actions/README.md that are whole workflows (they start with name:).</summary>
    private static List<string> WorkflowSnippets() =>
        YamlBlock().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, Readme)))
            .Select(m => m.Groups[1].Value).Where(s => s.Contains("\non:") && s.Contains("\njobs:")).ToList();

    private static IEnumerable<string> ReadyWorkflowsAndSnippets() =>
        RepoPaths.GitHubWorkflows.Concat(WorkflowSnippets().Select((_, i) => $"{Readme}#{i}"));

    /// <summary>A ready workflow as it is, or a README snippet (README.md#N) written to the scratch folder.</summary>
    private string ReadyOrSnippet(string name)
    {
        if (!name.StartsWith(Readme + "#")) return name;
        var file = Path.GetRelativePath(RepoPaths.Root, Path.Combine(Scratch, $"snippet-{name[(Readme.Length + 1)..]}.yml"));
        File.WriteAllText(Path.Combine(RepoPaths.Root, file), WorkflowSnippets()[int.Parse(name[(Readme.Length + 1)..])]);
        return file;
    }

    /// <summary>Steps `uses: OWNER/REPO/actions/NAME@REF` or `./actions/NAME`, with the action they use.</summary>
    private static List<(YamlMappingNode Step, ActionFile Action)> UsesOfOurActions(string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(RepoPaths.Root, file))) stream.Load(reader);
        return stream.Documents.SelectMany(d => PipelineSecurity.All(d.RootNode)).OfType<YamlMappingNode>()
            .Select(step => (step, m: OurAction().Match(PipelineSecurity.Text(PipelineSecurity.Child(step, "uses")) ?? "")))
            .Where(x => x.m.Success).Select(x => (x.step, ActionFile.Of(x.m.Groups[1].Value))).ToList();
    }

    [GeneratedRegex(@"^\$\{\{ steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+) \}\}$")]
    private static partial Regex StepOutput();

    [GeneratedRegex(@"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex StepOutputAnywhere();

    [GeneratedRegex(@"echo ""([a-z_]+)=")]
    private static partial Regex OwnOutput();

    [GeneratedRegex(@"run-mlops\.sh"" ([a-z]+)")]
    private static partial Regex SharedScriptCall();

    [GeneratedRegex(@"SetOutput\(""([a-z_]+)""")]
    private static partial Regex SetOutput();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"^(?:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+|\.)/actions/([a-z]+)(?:@|$)")]
    private static partial Regex OurAction();
}
