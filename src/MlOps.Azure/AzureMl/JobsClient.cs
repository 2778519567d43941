using System.Text.Json.Nodes;
using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>Jobs of a workspace (Jobs_CreateOrUpdate, Jobs_Get, Jobs_Cancel).</summary>
public sealed class JobsClient : AzureMlClientBase
{
    public JobsClient(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options = null) : base(scope, credential, options) { }

    public JobsClient(AzureMlScope scope, ArmPipeline arm) : base(scope, arm) { }

    private string JobPath(string name) => $"{Scope.ResourcePath}/jobs/{E(name)}";

    /// <summary>The ARM id of a compute target of this workspace (a job's computeId).</summary>
    public string ComputeId(string compute) => $"{Scope.ResourcePath}/computes/{E(compute)}";

    public async Task<JobStatus> CreateAsync(CommandJobSpec job, CancellationToken cancellationToken = default)
    {
        Scope.RequireWorkspace("submitting a job");
        var result = await Arm.SendJsonAsync(RequestMethod.Put, JobPath(job.Name), job.ToJson(), null, cancellationToken).ConfigureAwait(false);
        return Read(job.Name, result.Body);
    }

    public async Task<JobStatus> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await Arm.SendJsonAsync(RequestMethod.Get, JobPath(name), null, null, cancellationToken).ConfigureAwait(false);
        return Read(name, result.Body);
    }

    /// <summary>Asks Azure ML to cancel; returns at once (200, or 202 while it stops the nodes) rather than waiting for the stop.</summary>
    public async Task CancelAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await Arm.SendAsync(RequestMethod.Post, Arm.Uri($"{JobPath(name)}/cancel"), null, null, [200, 202], cancellationToken)
            .ConfigureAwait(false);
    }

    private static JobStatus Read(string name, JsonNode? body)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body?["properties"]?["outputs"] is JsonObject o)
            foreach (var (key, value) in o)
                if (value?["uri"]?.GetValue<string>() is { } uri) outputs[key] = uri;
        return new JobStatus(name, body?["properties"]?["status"]?.GetValue<string>() ?? "Unknown", outputs);
    }
}
