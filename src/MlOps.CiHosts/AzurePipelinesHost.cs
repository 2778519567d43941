namespace MlOps.CiHosts;

/// <summary>Azure Pipelines logging commands (##vso[...]), escaped as azure-pipelines-task-lib does.</summary>
public sealed class AzurePipelinesHost(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    : CiHostBase(getEnv, stdout, stderr)
{
    public override string Name => "azure-pipelines";

    /// <summary>
    /// Build.RequestedFor is the person (or service) the run is for; the run URL is the build results page, built as
    /// the agent's own links are: System.CollectionUri + System.TeamProject + /_build/results?buildId=Build.BuildId.
    /// For a PR build the branch is the PR's source branch, not the synthetic merge ref.
    /// </summary>
    public override CiRunInfo Run
    {
        get
        {
            var collection = Var("SYSTEM_COLLECTIONURI");
            var project = Var("SYSTEM_TEAMPROJECT");
            var buildId = Var("BUILD_BUILDID");
            var runUrl = collection is not null && project is not null && buildId is not null
                ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(buildId)}"
                : null;
            return new CiRunInfo(Name, Var("BUILD_REQUESTEDFOR"), runUrl, buildId, RepositoryUrl.WithoutCredentials(Var("BUILD_REPOSITORY_URI")),
                Var("BUILD_SOURCEVERSION"), CiRunInfo.BranchName(Var("SYSTEM_PULLREQUEST_SOURCEBRANCH") ?? Var("BUILD_SOURCEBRANCH")));
        }
    }

    // The agent exports task inputs with '.' and ' ' turned into '_' (task-lib's _getVariableKey); '-' is kept.
    protected override string InputVariable(string name) =>
        "INPUT_" + name.Replace('.', '_').Replace(' ', '_').ToUpperInvariant();

    public override void SetOutput(string name, string value) =>
        Command("task.setvariable", value, ("variable", name), ("isOutput", "true"), ("issecret", IsSecret(value) ? "true" : null));

    public override void SetSecret(string value)
    {
        base.SetSecret(value);
        if (!string.IsNullOrEmpty(value)) Command("task.setsecret", value);
    }

    public override void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null) =>
        Command("task.logissue", Redact(message), ("type", severity == IssueSeverity.Error ? "error" : "warning"),
            ("sourcepath", RedactOrNull(file)), ("linenumber", line?.ToString()), ("columnnumber", column?.ToString()));

    // ##[group] is a formatting line, not a ##vso command: the agent does not unescape it, so "%AZP25" would show as
    // is. Only a line break must go, since it would end the header.
    public override void BeginGroup(string title) =>
        Stdout.WriteLine("##[group]" + Redact(title).ReplaceLineEndings(" "));

    public override void EndGroup() => Stdout.WriteLine("##[endgroup]");

    public override void UploadSummary(string markdown)
    {
        var directory = Env("AGENT_TEMPDIRECTORY") is { Length: > 0 } temp ? temp : Path.GetTempPath();
        var path = Path.Combine(directory, $"mlops-summary-{Guid.NewGuid():N}.md");
        File.WriteAllText(path, Redact(markdown));
        Command("task.uploadsummary", path);
    }

    public override void SetProgress(int percent, string description) =>
        Command("task.setprogress", Redact(description), ("value", percent.ToString()));

    public override void Fail(string message)
    {
        LogIssue(IssueSeverity.Error, message);
        Command("task.complete", Redact(message), ("result", "Failed"));
    }

    /// <summary>The one place a ##vso command is written: properties end with ';' as the agent's parser expects.</summary>
    private void Command(string area, string data, params (string Key, string? Value)[] properties)
    {
        var props = string.Concat(properties.Where(p => p.Value is not null).Select(p => $"{p.Key}={EscapeProperty(p.Value!)};"));
        Stdout.WriteLine($"##vso[{area}{(props.Length > 0 ? " " + props : "")}]{EscapeData(data)}");
    }

    public static string EscapeData(string value) =>
        value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(";", "%3B").Replace("]", "%5D");
}
