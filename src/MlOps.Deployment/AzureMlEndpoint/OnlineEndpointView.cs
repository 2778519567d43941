using System.Text.Json.Nodes;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>What an endpoint GET says: provisioning state, scoring URI, traffic and mirrored traffic, and which deployment is live.</summary>
public sealed record OnlineEndpointView(string Id, string ProvisioningState, string? ScoringUri, IReadOnlyDictionary<string, int> Traffic,
    IReadOnlyDictionary<string, int> Mirror, string? LiveTag)
{
    public bool Succeeded => ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The live deployment: the one the tag names, else (an endpoint set up by hand) the one with most traffic.</summary>
    public string? Live => LiveTag ?? Traffic.Where(t => t.Value > 0).OrderByDescending(t => t.Value).Select(t => t.Key).FirstOrDefault();

    public int TrafficOf(string deployment) => Traffic.GetValueOrDefault(deployment);

    public static OnlineEndpointView Parse(JsonObject body)
    {
        var properties = body["properties"];
        return new OnlineEndpointView(Text(body["id"]) ?? "", Text(properties?["provisioningState"]) ?? "Unknown", Text(properties?["scoringUri"]),
            Percentages(properties?["traffic"]), Percentages(properties?["mirrorTraffic"]), Text(body["tags"]?[OnlineEndpointBodies.LiveTag]));
    }

    public string DescribeTraffic() =>
        (Traffic.Count == 0 ? "no traffic" : "traffic " + string.Join(", ", Traffic.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}%")))
        + (Mirror.Any(m => m.Value > 0) ? "; mirrored " + string.Join(", ", Mirror.Where(m => m.Value > 0).Select(m => $"{m.Key} {m.Value}%")) : "");

    private static Dictionary<string, int> Percentages(JsonNode? node) =>
        (node as JsonObject)?.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal)
        ?? new Dictionary<string, int>(StringComparer.Ordinal);

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
