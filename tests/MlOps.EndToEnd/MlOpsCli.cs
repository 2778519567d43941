using System.Diagnostics;
using System.Text;

namespace MlOps.EndToEnd;

public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built mlops as a separate process, as a user or a pipeline would, with CI variables removed.</summary>
public static class MlOpsCli
{
    private static readonly string[] CiPrefixes = ["TF_BUILD", "GITHUB_", "SYSTEM_", "BUILD_", "AGENT_", "MLOPS_", "RUNNER_"];

    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "mlops.dll");

    public static CliRun Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static CliRun Run(string workingDirectory, IDictionary<string, string>? env, params string[] args) =>
        RunWithin(TimeSpan.FromMinutes(5), workingDirectory, env, args);

    /// <summary>Like <see cref="Run(string, IDictionary{string, string}?, string[])"/>, killed and failed after <paramref name="limit"/>.</summary>
    public static CliRun RunWithin(TimeSpan limit, string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.ToList())
            if (CiPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                start.Environment.Remove(key);
        if (env is not null)
            foreach (var (k, v) in env) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mlops {string.Join(' ', args)} did not finish in {limit.TotalSeconds:0} s\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
