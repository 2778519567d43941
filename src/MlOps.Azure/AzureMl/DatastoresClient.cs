using Azure;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>Datastores of a workspace (Datastores_*): which storage account and container a datastore name means, and its secrets.</summary>
public sealed class DatastoresClient : AzureMlClientBase
{
    public DatastoresClient(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options = null) : base(scope, credential, options) { }

    public DatastoresClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    private string Path => $"{Scope.ResourcePath}/datastores";

    public async Task<IReadOnlyList<DatastoreData>> ListAsync(bool? isDefault = null, CancellationToken cancellationToken = default)
    {
        Scope.RequireWorkspace("listing datastores");
        var query = isDefault is { } d ? new[] { ("isDefault", d ? "true" : "false") } : [];
        return (await Arm.ListAsync(Path, cancellationToken, query).ConfigureAwait(false)).Select(DatastoreData.From).ToList();
    }

    /// <summary>The workspace's default datastore (workspaceblobstore unless changed).</summary>
    public async Task<DatastoreData> GetDefaultAsync(CancellationToken cancellationToken = default) =>
        (await ListAsync(true, cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.IsDefault)
        ?? throw new RequestFailedException(404, $"workspace '{Scope.Workspace}' has no default datastore", "NotFound", null);

    public async Task<DatastoreData> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Scope.RequireWorkspace("reading a datastore");
        var result = await Arm.SendJsonAsync(RequestMethod.Get, $"{Path}/{E(name)}", null, null, cancellationToken).ConfigureAwait(false);
        return DatastoreData.From(result.Object);
    }

    public async Task<DatastoreSecrets> ListSecretsAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await Arm.SendJsonAsync(RequestMethod.Post, $"{Path}/{E(name)}/listSecrets", null, null, cancellationToken).ConfigureAwait(false);
        var body = result.Body;
        return new DatastoreSecrets(body?["secretsType"]?.GetValue<string>() ?? "None",
            body?["key"]?.GetValue<string>(), body?["sasToken"]?.GetValue<string>());
    }
}
