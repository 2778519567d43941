using Azure;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>
/// Model containers and versions of a workspace or a registry (ModelContainers_*, ModelVersions_*, RegistryModel*_*).
/// Writes take an ETag (If-Match) or If-None-Match: * so concurrent writers fail with 412 instead of overwriting.
/// </summary>
public sealed class ModelsClient : AzureMlClientBase
{
    public ModelsClient(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options = null) : base(scope, credential, options) { }

    public ModelsClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    private string ContainerPath(string name) => $"{Scope.ResourcePath}/models/{E(name)}";
    private string VersionPath(string name, string version) => $"{ContainerPath(name)}/versions/{E(version)}";

    /// <summary>Null when the model does not exist.</summary>
    public async Task<ModelContainerData?> GetContainerAsync(string name, CancellationToken cancellationToken = default) =>
        await Arm.TryGetAsync(ContainerPath(name), cancellationToken).ConfigureAwait(false) is { } r ? ModelContainerData.From(r) : null;

    /// <summary>Creates or replaces the container. With <paramref name="ifMatch"/> the write fails with 412 when it changed meanwhile.</summary>
    /// <param name="onlyIfNew">Sends If-None-Match: * so the write fails with 412 when the model exists already.</param>
    public async Task<ModelContainerData> CreateOrUpdateContainerAsync(ModelContainerData container, string? ifMatch = null, bool onlyIfNew = false,
        CancellationToken cancellationToken = default)
    {
        var headers = onlyIfNew ? new Dictionary<string, string> { ["If-None-Match"] = "*" }
            : ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch };
        var result = await Arm.SendJsonAsync(RequestMethod.Put, ContainerPath(container.Name), container.ToJson(), headers, cancellationToken)
            .ConfigureAwait(false);
        return ModelContainerData.From(result) with { Name = container.Name };
    }

    public async Task<IReadOnlyList<ModelContainerData>> ListContainersAsync(CancellationToken cancellationToken = default) =>
        (await Arm.ListAsync($"{Scope.ResourcePath}/models", cancellationToken).ConfigureAwait(false))
        .Select(o => ModelContainerData.From(o)).ToList();

    /// <summary>Null when the version does not exist.</summary>
    public async Task<ModelVersionData?> GetVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        await Arm.TryGetAsync(VersionPath(name, version), cancellationToken).ConfigureAwait(false) is { } r
            ? ModelVersionData.From(r, name, version)
            : null;

    public async Task<IReadOnlyList<ModelVersionData>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        (await Arm.ListAsync($"{ContainerPath(name)}/versions", cancellationToken).ConfigureAwait(false))
        .Select(o => ModelVersionData.From(new ArmResult(200, o, null), name, o["name"]?.GetValue<string>() ?? "")).ToList();

    /// <summary>
    /// Creates a new version; 412 (If-None-Match: *) when that version number exists, so two registrations racing for
    /// the same number cannot both succeed.
    /// </summary>
    public async Task<ModelVersionData> CreateVersionAsync(ModelVersionData model, CancellationToken cancellationToken = default)
    {
        var headers = new Dictionary<string, string> { ["If-None-Match"] = "*" };
        var result = await Arm.SendJsonAsync(RequestMethod.Put, VersionPath(model.Name, model.Version), model.ToJson(), headers, cancellationToken)
            .ConfigureAwait(false);
        return ModelVersionData.From(result, model.Name, model.Version);
    }

    /// <summary>Replaces the mutable parts (tags, description, archived) of an existing version, guarded by its ETag when known.</summary>
    public async Task<ModelVersionData> UpdateVersionAsync(ModelVersionData model, CancellationToken cancellationToken = default)
    {
        var headers = model.ETag is null ? null : new Dictionary<string, string> { ["If-Match"] = model.ETag };
        var result = await Arm.SendJsonAsync(RequestMethod.Put, VersionPath(model.Name, model.Version), model.ToJson(), headers, cancellationToken)
            .ConfigureAwait(false);
        return ModelVersionData.From(result, model.Name, model.Version);
    }

    /// <summary>Archives a version: hidden from default lists in Azure ML, never deleted (a deployed model must stay resolvable).</summary>
    public async Task<ModelVersionData> ArchiveVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        var current = await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
                      ?? throw new RequestFailedException(404, $"model version {name}:{version} not found", "NotFound", null);
        return await UpdateVersionAsync(current with { IsArchived = true }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registry models: a temporary SAS to upload the version's files to (RegistryModelVersions_CreateOrGetStartPendingUpload).</summary>
    public async Task<PendingUpload> StartPendingUploadAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        if (!Scope.IsRegistry)
            throw new InvalidOperationException("startPendingUpload for models exists on registries; workspace models are uploaded to a datastore");
        var result = await Arm.SendJsonAsync(RequestMethod.Post, $"{VersionPath(name, version)}/startPendingUpload",
            PendingUpload.Request("TemporaryBlobReference"), null, cancellationToken).ConfigureAwait(false);
        return PendingUpload.From(result.Body);
    }
}
