namespace MlOps.Core.Config;

/// <summary>
/// <c>deploy.ENV</c> with <c>target: azureml-endpoint</c>: an Azure ML managed online endpoint whose deployments run the
/// packaged image as a custom container. A new version is a new deployment beside the live one (blue/green); traffic
/// moves to it after a smoke test and the old deployment is deleted.
/// </summary>
/// <param name="Endpoint">The online endpoint's name (default MODEL-ENV), unique in the Azure region.</param>
/// <param name="DeploymentNames"><c>blue-green</c> (alternating blue and green) or <c>model-version</c> (v + the model's version).</param>
/// <param name="AuthMode">The endpoint's auth mode as Azure ML spells it: <c>Key</c> or <c>AMLToken</c>.</param>
/// <param name="Env">Plain environment variables of the container.</param>
public sealed record AzureMlEndpointSettings(
    string Subscription,
    string ResourceGroup,
    string Workspace,
    string Location,
    string Endpoint,
    string DeploymentNames,
    string InstanceType,
    int InstanceCount,
    string AuthMode,
    AzureMlProbe Liveness,
    AzureMlProbe Readiness,
    IReadOnlyDictionary<string, string> Env,
    TimeSpan Timeout,
    string? ArmEndpoint = null);

/// <summary>A probe of the container (liveness on /health/live, readiness on /health/ready), in seconds.</summary>
public sealed record AzureMlProbe(int InitialDelaySeconds, int PeriodSeconds, int TimeoutSeconds, int FailureThreshold);
