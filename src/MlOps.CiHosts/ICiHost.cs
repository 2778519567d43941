namespace MlOps.CiHosts;

public enum IssueSeverity { Warning, Error }

/// <summary>
/// The CI system a step reports to. Steps talk only to this; each host class owns its command syntax and escaping
/// (GitVersion's BuildAgents, NUKE's host commands).
/// </summary>
public interface ICiHost
{
    /// <summary>"azure-pipelines", "github-actions" or "local".</summary>
    string Name { get; }

    /// <summary>Who triggered this run and where its log is: recorded in the audit trail and the model's lineage.</summary>
    CiRunInfo Run { get; }
    string? GetInput(string name);
    void SetOutput(string name, string value);

    /// <summary>Registers a secret: the host masks it in its log, and <see cref="Redact"/> removes it from our own text.</summary>
    void SetSecret(string value);
    string Redact(string text);
    void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null);
    void Info(string message);
    void BeginGroup(string title);
    void EndGroup();
    void UploadSummary(string markdown);
    void SetProgress(int percent, string description);
    void Fail(string message);
}
