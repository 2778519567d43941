namespace MlOps.Deployment;

/// <summary>A model to put behind an endpoint in one environment (test, production...).</summary>
/// <param name="ModelPath">The model folder, for targets that serve it as a process (local).</param>
/// <param name="Host">Loopback address, for the local target.</param>
public sealed record DeploymentRequest(string Environment, string ModelReference, string ModelPath, string Host, int Port)
{
    /// <summary>The image to run (REGISTRY/NAME:TAG from `mlops package`), for container targets.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// A /score body of one real row of the project's data that a new version must answer 2xx before it gets traffic;
    /// null when the project names no data (targets then fall back to their own readiness check).
    /// </summary>
    public string? SampleBody { get; init; }

    /// <summary>The CI run that deploys (recorded on the deployed objects where the target can hold it, e.g. Kubernetes' change-cause).</summary>
    public string? RunUrl { get; init; }
}
