using System.Text.Json.Nodes;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>What a deployment GET (or list item) says: name, provisioning state, and the model and image its tags record.</summary>
public sealed record OnlineDeploymentView(string Name, string Id, string ProvisioningState, string? ModelReference, string? Image)
{
    public bool Succeeded => ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);

    public static OnlineDeploymentView Parse(JsonObject body) => new(
        OnlineEndpointView.Text(body["name"]) ?? "?", OnlineEndpointView.Text(body["id"]) ?? "",
        OnlineEndpointView.Text(body["properties"]?["provisioningState"]) ?? "Unknown",
        OnlineEndpointView.Text(body["tags"]?[OnlineEndpointBodies.ModelTag]), OnlineEndpointView.Text(body["tags"]?[OnlineEndpointBodies.ImageTag]));
}
