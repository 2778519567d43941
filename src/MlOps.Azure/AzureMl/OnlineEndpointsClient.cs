using System.Text.Json.Nodes;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>
/// Managed online endpoints and their deployments in a workspace (OnlineEndpoints_*, OnlineDeployments_*). Writes and
/// deletes are long-running operations: the calls return once Azure ML says they ended (Azure-AsyncOperation or Location).
/// </summary>
public sealed class OnlineEndpointsClient : AzureMlClientBase
{
    public OnlineEndpointsClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    public string EndpointPath(string endpoint) => $"{Scope.ResourcePath}/onlineEndpoints/{E(endpoint)}";

    public string DeploymentPath(string endpoint, string deployment) => $"{EndpointPath(endpoint)}/deployments/{E(deployment)}";

    /// <summary>Null when the endpoint does not exist.</summary>
    public async Task<JsonObject?> GetEndpointAsync(string endpoint, CancellationToken cancellationToken = default) =>
        (await Arm.TryGetAsync(EndpointPath(endpoint), cancellationToken).ConfigureAwait(false))?.Body as JsonObject;

    /// <summary>PUT of the whole endpoint (authMode, traffic, mirrorTraffic, tags): the only write that changes traffic.</summary>
    public async Task<JsonObject> PutEndpointAsync(string endpoint, JsonObject body, CancellationToken cancellationToken = default) =>
        (await Arm.SendJsonAsync(RequestMethod.Put, EndpointPath(endpoint), body, null, cancellationToken).ConfigureAwait(false)).Object;

    public Task DeleteEndpointAsync(string endpoint, CancellationToken cancellationToken = default) =>
        Arm.SendJsonAsync(RequestMethod.Delete, EndpointPath(endpoint), cancellationToken: cancellationToken);

    /// <summary>The endpoint's keys (Key auth mode): secrets, to be masked by the caller.</summary>
    public async Task<string> PrimaryKeyAsync(string endpoint, CancellationToken cancellationToken = default) =>
        (await Arm.SendJsonAsync(RequestMethod.Post, $"{EndpointPath(endpoint)}/listKeys", cancellationToken: cancellationToken).ConfigureAwait(false))
        .Body?["primaryKey"]?.GetValue<string>() ?? throw new InvalidOperationException("listKeys answered no primaryKey");

    /// <summary>A scoring token (AMLToken auth mode): a secret, to be masked by the caller.</summary>
    public async Task<string> TokenAsync(string endpoint, CancellationToken cancellationToken = default) =>
        (await Arm.SendJsonAsync(RequestMethod.Post, $"{EndpointPath(endpoint)}/token", cancellationToken: cancellationToken).ConfigureAwait(false))
        .Body?["accessToken"]?.GetValue<string>() ?? throw new InvalidOperationException("token answered no accessToken");

    public Task<IReadOnlyList<JsonObject>> ListDeploymentsAsync(string endpoint, CancellationToken cancellationToken = default) =>
        Arm.ListAsync($"{EndpointPath(endpoint)}/deployments", cancellationToken);

    public async Task<JsonObject?> GetDeploymentAsync(string endpoint, string deployment, CancellationToken cancellationToken = default) =>
        (await Arm.TryGetAsync(DeploymentPath(endpoint, deployment), cancellationToken).ConfigureAwait(false))?.Body as JsonObject;

    /// <summary>Creates or replaces a deployment and waits until it is provisioned; a failed provisioning throws with Azure ML's error.</summary>
    public async Task<JsonObject> PutDeploymentAsync(string endpoint, string deployment, JsonObject body, CancellationToken cancellationToken = default) =>
        (await Arm.SendJsonAsync(RequestMethod.Put, DeploymentPath(endpoint, deployment), body, null, cancellationToken).ConfigureAwait(false)).Object;

    public Task DeleteDeploymentAsync(string endpoint, string deployment, CancellationToken cancellationToken = default) =>
        Arm.SendJsonAsync(RequestMethod.Delete, DeploymentPath(endpoint, deployment), cancellationToken: cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of a deployment's container (InferenceServer or StorageInitializer).</summary>
    public async Task<string> GetLogsAsync(string endpoint, string deployment, int tail, string containerType = "InferenceServer",
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["containerType"] = containerType, ["tail"] = tail };
        var result = await Arm.SendJsonAsync(RequestMethod.Post, $"{DeploymentPath(endpoint, deployment)}/getLogs", body, null, cancellationToken)
            .ConfigureAwait(false);
        return result.Body?["content"]?.GetValue<string>() ?? "";
    }
}
