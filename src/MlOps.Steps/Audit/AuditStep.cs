using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Audit;

public enum AuditFormat { Table, Json }

/// <param name="Since">Only events at or after this instant (UTC).</param>
public sealed record AuditOptions(string? Model = null, DateTimeOffset? Since = null, AuditFormat Format = AuditFormat.Table,
    string? ConfigPath = null, string? RegistryPath = null);

/// <summary>The result: what was listed, and whether the whole trail (not only the listed part) verified.</summary>
public sealed record AuditResult(IReadOnlyList<AuditLine> Listed, AuditVerification Verification)
{
    public bool Intact => Verification.Intact;
}

/// <summary>
/// Lists the registry's audit trail, filtered by model and date, and verifies all of it: the hash chain and the
/// cross-check with the versions. A broken trail is reported with the first broken line and is a verdict (exit 1).
/// </summary>
public sealed class AuditStep(StepContext context)
{
    public async Task<AuditResult> RunAsync(AuditOptions options, CancellationToken ct = default)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        if (options.Model is not null && !RegistryNames.IsValidName(options.Model))
            throw new InvalidInputException($"--model '{options.Model}' is not a model name (letters, digits, '.', '_' or '-')");
        if (RegistryLocator.Open(config, options.RegistryPath) is not LocalModelRegistry registry)
            throw new InvalidInputException("mlops audit reads the local registry's trail; this registry keeps none");

        var verification = await registry.ReadAuditAsync(ct);
        var listed = verification.Lines
            .Where(l => options.Model is null || l.Event.Model == options.Model)
            .Where(l => options.Since is null || l.Event.Time >= options.Since.Value.UtcDateTime)
            .ToList();
        var logPath = Path.Combine(registry.RootPath, "events.jsonl");
        context.Out.Write(context.Host.Redact(options.Format == AuditFormat.Json
            ? JsonSerializer.Serialize(new
            {
                log = logPath,
                intact = verification.Intact,
                head = new { seq = verification.HeadSeq, hash = verification.HeadHash },
                problems = verification.Problems.Select(p => new { line = p.LineNumber == 0 ? (int?)null : p.LineNumber, message = p.Message }),
                notes = verification.Notes,
                events = listed.Select(l => l.Event with { }),
            }, Lineage.LineageStep.Json) + Environment.NewLine
            : Table(listed)));

        foreach (var note in verification.Notes)
            context.Host.LogIssue(IssueSeverity.Warning, note, logPath);
        if (verification.Intact)
        {
            if (options.Format == AuditFormat.Table) // JSON output stays one parseable document
                context.Say($"audit trail intact: {verification.Lines.Count} events, head seq {verification.HeadSeq} hash {verification.HeadHash}");
        }
        else
        {
            foreach (var problem in verification.Problems)
                context.Host.LogIssue(IssueSeverity.Error, problem.Message, logPath, problem.LineNumber == 0 ? null : problem.LineNumber);
            var first = verification.FirstProblem!;
            context.Host.Fail($"audit trail broken ({verification.Problems.Count} problem(s)); first: {first.Message}");
        }
        return new AuditResult(listed, verification);
    }

    private static string Table(IReadOnlyList<AuditLine> lines)
    {
        var rows = lines.Select(l => l.Event).Select(e => new[]
        {
            e.Seq.ToString(CultureInfo.InvariantCulture),
            e.Time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            e.Event + (e.Recovered == true ? " (recovered)" : ""),
            e.Subject + (e.Alias is null ? "" : $" @{e.Alias}") + (e.Environment is null ? "" : $" → {e.Environment}")
                + (e.Previous is null ? "" : $" (was {e.Previous})"),
            e.Who ?? e.User ?? "unknown",
            Why(e),
            e.RunUrl ?? "",
        }).ToList();
        string[] header = ["SEQ", "TIME (UTC)", "EVENT", "MODEL", "WHO", "WHY", "RUN"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var s = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            s.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        if (rows.Count == 0) s.AppendLine("(no events match)");
        return s.ToString();
    }

    private static string Why(AuditEvent e)
    {
        var report = e.ReportSha256 is null ? "" : $" [report {e.ReportSha256[..12]}]";
        return (e.Reason ?? "") + report;
    }
}
