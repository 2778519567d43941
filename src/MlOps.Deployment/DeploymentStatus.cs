namespace MlOps.Deployment;

/// <summary>What an environment runs now, whether it is ready, and the service's own words for its state.</summary>
public sealed record DeploymentStatus(DeploymentState State, bool Ready, string Detail);
