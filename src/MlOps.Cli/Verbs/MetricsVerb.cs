using CommandLine;
using CommandLine.Text;
using MlOps.Steps.Delivery;

namespace MlOps.Cli.Verbs;

/// <summary>`mlops metrics delivery`: a verb with a kind, so further metrics (e.g. model quality over time) fit beside it.</summary>
[Verb("metrics", HelpText = "Delivery metrics from the registry and its audit trail: lead time to production (median, p90), deployment frequency, change failure rate, time to restore. Verifies the trail first; exit 1 if it was tampered with.")]
public sealed class MetricsVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "kind", Required = true, HelpText = "delivery")]
    public string Kind { get; set; } = "";

    [Option("since", Default = "30d", HelpText = "Window start: 30d, 2w, 12h, or a UTC date or time (2025-11-01); the window ends now.")]
    public string Since { get; set; } = null!; // the parser fills in the default; no initializer, so usage examples stay short

    [Option('m', "model", HelpText = "Only this model (default: all models).")]
    public string? Model { get; set; }

    [Option("alias", Default = "production", HelpText = "The alias whose promotions and rollbacks are production changes.")]
    public string Alias { get; set; } = null!;

    [Option("env", HelpText = "Measure deployments to this environment (deployed / rolled-back events) instead of alias moves.")]
    public string? Env { get; set; }

    [Option('f', "format", Default = DeliveryFormat.Table, HelpText = "table, json or mermaid.")]
    public DeliveryFormat Format { get; set; } = DeliveryFormat.Table;

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("The last 30 days, all models", new MetricsVerb { Kind = "delivery" }),
        new("One model over two weeks, as JSON", new MetricsVerb { Kind = "delivery", Model = "adult-income", Since = "2w", Format = DeliveryFormat.Json }),
    ];
}
