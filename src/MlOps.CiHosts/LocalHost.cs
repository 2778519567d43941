namespace MlOps.CiHosts;

/// <summary>A terminal: outputs as plain lines, problems like a compiler's (file:line:col), summary to a file or the screen.</summary>
public sealed class LocalHost(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    : CiHostBase(getEnv, stdout, stderr)
{
    public override string Name => "local";

    public override string? GetInput(string name)
    {
        var value = Env("MLOPS_INPUT_" + name.Replace(' ', '_').ToUpperInvariant());
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public override void SetOutput(string name, string value) =>
        Stdout.WriteLine($"output {name}={Redact(value).Replace("\n", "\n    ")}");

    public override void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null)
    {
        var where = file is null ? "" : $"{file}{(line is null ? "" : $":{line}")}{(line is not null && column is not null ? $":{column}" : "")}: ";
        Stderr.WriteLine($"{(severity == IssueSeverity.Error ? "error" : "warning")}: {where}{Redact(message)}");
    }

    public override void BeginGroup(string title) => Stdout.WriteLine($"== {Redact(title)} ==");

    public override void EndGroup() { }

    public override void UploadSummary(string markdown)
    {
        var file = Env("MLOPS_SUMMARY_FILE");
        if (string.IsNullOrEmpty(file)) Stdout.WriteLine(Redact(markdown));
        else File.WriteAllText(file, Redact(markdown));
    }

    public override void SetProgress(int percent, string description) => Stdout.WriteLine($"[{percent}%] {Redact(description)}");

    public override void Fail(string message) => Stderr.WriteLine($"error: {Redact(message)}");
}
