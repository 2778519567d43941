namespace MlOps.Deployment;

/// <summary>A model to put behind an endpoint in one environment (test, production...).</summary>
/// <param name="ModelPath">The model folder, for targets that serve it as a process (local).</param>
/// <param name="Host">Loopback address, for the local target.</param>
public sealed record DeploymentRequest(string Environment, string ModelReference, string ModelPath, string Host, int Port)
{
    /// <summary>The image to run (REGISTRY/NAME:TAG from `mlops package`), for container targets.</summary>
    public string? Image { get; init; }

    /// <summary>The CI run that deploys (recorded on the deployed objects where the target can hold it, e.g. Kubernetes' change-cause).</summary>
    public string? RunUrl { get; init; }
}
