namespace MlOps.Registry.Audit;

/// <summary>An event and the 1-based line of events.jsonl it was read from.</summary>
public sealed record AuditLine(int LineNumber, AuditEvent Event);

/// <summary>A break in the trail. <paramref name="LineNumber"/> is 0 when the problem is not one line (e.g. a version without its event).</summary>
public sealed record AuditProblem(int LineNumber, string Message);

/// <summary>The trail as read, and whether it is intact.</summary>
/// <param name="Notes">Things worth saying that are not tampering: lines from before the chain, an incomplete last line.</param>
/// <param name="HeadSeq">Seq of the last line: record it (with <paramref name="HeadHash"/>) outside the registry to detect a cut-off end later.</param>
public sealed record AuditVerification(
    IReadOnlyList<AuditLine> Lines,
    IReadOnlyList<AuditProblem> Problems,
    IReadOnlyList<string> Notes,
    long HeadSeq,
    string HeadHash)
{
    public bool Intact => Problems.Count == 0;

    /// <summary>The first problem, by line (problems not tied to a line come last).</summary>
    public AuditProblem? FirstProblem => Problems.OrderBy(p => p.LineNumber == 0 ? int.MaxValue : p.LineNumber).FirstOrDefault();
}
