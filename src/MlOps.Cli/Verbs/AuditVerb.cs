using CommandLine;
using CommandLine.Text;
using MlOps.Steps.Audit;

namespace MlOps.Cli.Verbs;

[Verb("audit", HelpText = "List the registry's audit trail (who registered, gated, promoted, deployed what, when and why) and verify its hash chain; exit 1 if it was tampered with.")]
public sealed class AuditVerb : RegistryTargetVerb
{
    [Option('m', "model", HelpText = "Only events of this model.")]
    public string? Model { get; set; }

    [Option("since", HelpText = "Only events at or after this UTC date or time, e.g. 2025-11-01 or 2025-11-01T12:00:00Z.")]
    public string? Since { get; set; }

    [Option('f', "format", Default = AuditFormat.Table, HelpText = "table or json.")]
    public AuditFormat Format { get; set; } = AuditFormat.Table;

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Everything, verified", new AuditVerb()),
        new("One model since a date, as JSON", new AuditVerb { Model = "adult-income", Since = "2025-11-01", Format = AuditFormat.Json }),
    ];
}
