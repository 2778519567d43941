namespace MlOps.CiHosts;

/// <summary>GitHub Actions workflow commands (::cmd::) and environment files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).</summary>
public sealed class GitHubActionsHost(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    : CiHostBase(getEnv, stdout, stderr)
{
    public override string Name => "github-actions";

    /// <summary>
    /// GITHUB_ACTOR is who triggered the workflow; the run URL is GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/ID
    /// (plus /attempts/N for a re-run, so the link shows the attempt that did the work). In a PR, GITHUB_HEAD_REF is
    /// the source branch; otherwise GITHUB_REF_NAME.
    /// </summary>
    public override CiRunInfo Run
    {
        get
        {
            var server = Var("GITHUB_SERVER_URL") ?? "https://github.com";
            var repository = Var("GITHUB_REPOSITORY");
            var runId = Var("GITHUB_RUN_ID");
            var attempt = Var("GITHUB_RUN_ATTEMPT");
            var runUrl = repository is not null && runId is not null
                ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{Uri.EscapeDataString(runId)}"
                  + (attempt is not null && attempt != "1" ? $"/attempts/{Uri.EscapeDataString(attempt)}" : "")
                : null;
            return new CiRunInfo(Name, Var("GITHUB_ACTOR"), runUrl, runId,
                repository is null ? null : $"{server.TrimEnd('/')}/{repository}", Var("GITHUB_SHA"),
                Var("GITHUB_HEAD_REF") ?? Var("GITHUB_REF_NAME"));
        }
    }

    // The runner exports action inputs with only ' ' turned into '_', so "model-dir" stays INPUT_MODEL-DIR.
    protected override string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();

    /// <summary>Heredoc syntax with a random delimiter, so a value cannot end the block early and inject outputs.</summary>
    public override void SetOutput(string name, string value)
    {
        var file = Env("GITHUB_OUTPUT");
        if (string.IsNullOrEmpty(file))
            throw new InvalidOperationException("GITHUB_OUTPUT is not set: outputs can only be set inside a GitHub Actions step");
        var delimiter = $"ghadelimiter_{Guid.NewGuid()}";
        if (name.Contains(delimiter) || value.Contains(delimiter))
            throw new InvalidOperationException($"output '{name}' contains the delimiter");
        File.AppendAllText(file, $"{name}<<{delimiter}\n{value}\n{delimiter}\n");
    }

    public override void SetSecret(string value)
    {
        base.SetSecret(value);
        if (!string.IsNullOrEmpty(value)) Command("add-mask", value);
    }

    public override void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null) =>
        Command(severity == IssueSeverity.Error ? "error" : "warning", Redact(message),
            ("file", RedactOrNull(file)), ("line", line?.ToString()), ("col", column?.ToString()));

    public override void BeginGroup(string title) => Command("group", Redact(title));

    public override void EndGroup() => Command("endgroup", "");

    public override void UploadSummary(string markdown)
    {
        var file = Env("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(file)) Stdout.WriteLine(Redact(markdown));
        else File.AppendAllText(file, Redact(markdown) + "\n");
    }

    public override void SetProgress(int percent, string description) => Stdout.WriteLine($"[{percent}%] {Redact(description)}");

    public override void Fail(string message) => Command("error", Redact(message));

    private void Command(string name, string data, params (string Key, string? Value)[] properties)
    {
        var props = string.Join(",", properties.Where(p => p.Value is not null).Select(p => $"{p.Key}={EscapeProperty(p.Value!)}"));
        Stdout.WriteLine($"::{name}{(props.Length > 0 ? " " + props : "")}::{EscapeData(data)}");
    }

    public static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");
}
