namespace MlOps.CiHosts;

/// <summary>A terminal: outputs as plain lines, problems like a compiler's (file:line:col), summary to a file or the screen.</summary>
public sealed class LocalHost(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    : CiHostBase(getEnv, stdout, stderr)
{
    public override string Name => "local";

    /// <summary>Outside CI the one identity there is, is the OS user; there is no run page to link to.</summary>
    public override CiRunInfo Run => new(Name, Var("USER") ?? Var("USERNAME") ?? Environment.UserName);

    // A shell cannot export a name holding '-' or '.', so every separator becomes '_' (MLOPS_INPUT_MODEL_DIR).
    protected override string InputVariable(string name) =>
        "MLOPS_INPUT_" + name.Replace(' ', '_').Replace('-', '_').Replace('.', '_').ToUpperInvariant();

    // Indented continuation lines keep a multi-line value visibly part of its output.
    public override void SetOutput(string name, string value) =>
        Stdout.WriteLine($"output {name}={Redact(value).ReplaceLineEndings(Environment.NewLine + "    ")}");

    public override void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null)
    {
        // file:line:col is what terminals and editors turn into links; a column means nothing without its line.
        var location = file is null ? "" : Redact(file) + (line is null ? "" : $":{line}" + (column is null ? "" : $":{column}")) + ": ";
        Stderr.WriteLine($"{(severity == IssueSeverity.Error ? "error" : "warning")}: {location}{Redact(message)}");
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
