using MlOps.Core.Config;

namespace MlOps.Deployment;

/// <summary>Builds the target an environment of mlops.yml chose (tests hand the deploy step their own).</summary>
public interface IDeploymentTargets
{
    /// <param name="stateDirectory">Where targets that keep local state (the local process target) keep it.</param>
    IDeploymentTarget Create(DeployEnvironment environment, string stateDirectory);
}
