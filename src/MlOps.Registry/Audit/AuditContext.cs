namespace MlOps.Registry.Audit;

/// <summary>
/// Who makes the changes a registry records, and why: given once to the registry (or the trail) by the step, so
/// every event it writes carries it. Null fields are simply left out of the event: the trail never guesses.
/// </summary>
/// <param name="Who">The CI identity (Build.RequestedFor, GITHUB_ACTOR) or the OS user locally.</param>
/// <param name="Ci">The host: azure-pipelines, github-actions or local.</param>
/// <param name="RunUrl">The CI run's page.</param>
/// <param name="Reason">Why, in words (e.g. "quality gate passed").</param>
/// <param name="Report">The evidence: the gate report's path.</param>
/// <param name="ReportSha256">SHA-256 of that report, so it can be checked later even if the file moved.</param>
public sealed record AuditContext(
    string? Who = null,
    string? Ci = null,
    string? RunUrl = null,
    string? Reason = null,
    string? Report = null,
    string? ReportSha256 = null)
{
    /// <summary>Fills the event's who/why fields, keeping any the event already set.</summary>
    public AuditEvent Stamp(AuditEvent e) => e with
    {
        Who = e.Who ?? Who,
        Ci = e.Ci ?? Ci,
        RunUrl = e.RunUrl ?? RunUrl,
        Reason = e.Reason ?? Reason,
        Report = e.Report ?? Report,
        ReportSha256 = e.ReportSha256 ?? ReportSha256,
    };
}
