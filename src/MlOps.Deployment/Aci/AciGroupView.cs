using System.Text.Json.Nodes;

namespace MlOps.Deployment.Aci;

/// <summary>What a container group GET says: provisioning and instance state, endpoint, tags and events.</summary>
public sealed record AciGroupView(string ProvisioningState, string? InstanceState, string? Fqdn, string? Image,
    IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Containers, IReadOnlyList<string> Events)
{
    public bool Succeeded => ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>Provisioning that will not get better by waiting: failed, cancelled, or a group whose containers ended.</summary>
    public bool Failed =>
        ProvisioningState is "Failed" or "Canceled" or "Cancelled" || InstanceState is "Failed" or "Stopped" or "Terminated";

    /// <summary>Provisioned and (when the service reports it) the instance is running.</summary>
    public bool Running => Succeeded && (InstanceState is null || InstanceState.Equals("Running", StringComparison.OrdinalIgnoreCase));

    public string Describe() => $"provisioningState {ProvisioningState}" + (InstanceState is null ? "" : $", state {InstanceState}");

    public static AciGroupView Parse(JsonNode body)
    {
        var properties = body["properties"];
        var containers = properties?["containers"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var events = new List<string>();
        AddEvents(events, properties?["instanceView"]?["events"], "");
        foreach (var container in containers)
        {
            var name = Text(container["name"]) ?? "?";
            var view = container["properties"]?["instanceView"];
            if (view?["currentState"] is { } current && Text(current["state"]) is { } state)
                events.Add($"container {name}: {state}" + (Text(current["detailStatus"]) is { Length: > 0 } detail ? $" ({detail})" : "")
                           + (view["restartCount"] is { } restarts && restarts.GetValue<int>() > 0 ? $", restarted {restarts} times" : ""));
            AddEvents(events, view?["events"], $"container {name}: ");
        }
        return new AciGroupView(
            Text(properties?["provisioningState"]) ?? "Unknown",
            Text(properties?["instanceView"]?["state"]),
            Text(properties?["ipAddress"]?["fqdn"]),
            containers.Select(c => Text(c["properties"]?["image"])).FirstOrDefault(i => i is not null),
            (body["tags"] as JsonObject)?.Where(t => t.Value is JsonValue).ToDictionary(t => t.Key, t => t.Value!.ToString()) ?? [],
            containers.Select(c => Text(c["name"])).OfType<string>().ToList(),
            events);
    }

    private static void AddEvents(List<string> into, JsonNode? events, string prefix)
    {
        foreach (var e in events?.AsArray().OfType<JsonObject>() ?? [])
            into.Add($"{prefix}{Text(e["lastTimestamp"]) ?? Text(e["firstTimestamp"])} {Text(e["type"])} {Text(e["name"])}: {Text(e["message"])}");
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
