using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Steps.Common;

namespace MlOps.Steps.Lineage;

public enum LineageFormat { Text, Json, Mermaid }

/// <param name="Reference">NAME:VERSION or NAME@ALIAS.</param>
public sealed record LineageOptions(string Reference, LineageFormat Format = LineageFormat.Text, string? ConfigPath = null, string? RegistryPath = null);

/// <summary>Prints where a registered version came from (data, code, run, gate, baseline) and where it went (aliases, deployments).</summary>
public sealed class LineageStep(StepContext context)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<LineageRecord> RunAsync(LineageOptions options, CancellationToken ct = default)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        LineageRecord lineage;
        try
        {
            lineage = await LineageBuilder.BuildAsync(registry, options.Reference, ct);
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException($"lineage of '{options.Reference}': {e.Message}", e);
        }
        context.Out.Write(context.Host.Redact(options.Format switch
        {
            LineageFormat.Json => JsonSerializer.Serialize(lineage, Json) + Environment.NewLine,
            LineageFormat.Mermaid => LineageMermaid.Render(lineage),
            _ => LineageText.Render(lineage),
        }));
        if (!lineage.Audit.Intact && lineage.Audit.Problems.Count > 0)
            context.Host.LogIssue(CiHosts.IssueSeverity.Warning, $"the audit trail this lineage draws on is broken: {lineage.Audit.Problems[0]} (run 'mlops audit')");
        return lineage;
    }
}
