using System.Text.Json.Nodes;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>Environment versions of a workspace (EnvironmentVersions_*): the Docker image (+ conda file) a job runs in.</summary>
public sealed class EnvironmentsClient : AzureMlClientBase
{
    public EnvironmentsClient(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options = null) : base(scope, credential, options) { }

    public EnvironmentsClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    /// <summary>Creates (or re-puts, idempotently) an environment version; returns its ARM id (a job's or deployment's environmentId).</summary>
    /// <param name="inference">For an online deployment's custom container: the port and the routes Azure ML probes and scores through.</param>
    public async Task<string> CreateOrUpdateAsync(string name, string version, string image, string? condaFile,
        CancellationToken cancellationToken = default, InferenceRoutes? inference = null)
    {
        var path = $"{Scope.ResourcePath}/environments/{E(name)}/versions/{E(version)}";
        var properties = new JsonObject { ["image"] = image, ["isAnonymous"] = false, ["description"] = "created by mlops" };
        if (condaFile is not null) properties["condaFile"] = condaFile;
        if (inference is not null) properties["inferenceConfig"] = inference.ToJson();
        var result = await Arm.SendJsonAsync(RequestMethod.Put, path, new JsonObject { ["properties"] = properties }, null, cancellationToken)
            .ConfigureAwait(false);
        return CodeClient.IdOrPath(result, path);
    }
}
