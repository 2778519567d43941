using MlOps.Deployment;

namespace MlOps.Steps.Audit;

internal static class DeploymentDetails
{
    /// <summary>Container targets add the image and the cloud resource, so the trail says what ran where.</summary>
    public static Dictionary<string, string> WithCloud(this Dictionary<string, string> details, DeploymentState state)
    {
        if (state.Image is { } image) details["image"] = image;
        if (state.ResourceId is { } resource) details["resource"] = resource;
        return details;
    }

    public static Dictionary<string, string> WithRollout(this Dictionary<string, string> details, string? rollout)
    {
        if (rollout is not null) details["rollout"] = rollout;
        return details;
    }
}
