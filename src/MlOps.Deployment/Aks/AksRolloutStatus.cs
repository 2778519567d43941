using k8s.Models;

namespace MlOps.Deployment.Aks;

/// <summary>Where a rollout stands: still going, done, or failed for good (and kubectl's words for it).</summary>
public sealed record AksRolloutStatus(bool Done, bool Failed, string Message)
{
    /// <summary>
    /// kubectl rollout status's algorithm (DeploymentStatusViewer): the controller must have seen the latest spec
    /// (observedGeneration ≥ generation); a Progressing condition with reason ProgressDeadlineExceeded is a failure;
    /// otherwise it waits until every replica is updated, no old replica is left and every updated one is available.
    /// </summary>
    public static AksRolloutStatus Of(V1Deployment deployment)
    {
        var name = deployment.Metadata.Name;
        var status = deployment.Status ?? new V1DeploymentStatus();
        if (deployment.Metadata.Generation > (status.ObservedGeneration ?? 0))
            return new(false, false, "waiting for deployment spec update to be observed");
        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == "ProgressDeadlineExceeded")
            return new(false, true, $"deployment \"{name}\" exceeded its progress deadline ({deployment.Spec.ProgressDeadlineSeconds} s)" +
                                    (string.IsNullOrEmpty(progressing.Message) ? "" : $": {progressing.Message}"));
        var updated = status.UpdatedReplicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        if (deployment.Spec.Replicas is { } replicas && updated < replicas)
            return new(false, false, $"{updated} out of {replicas} new replicas have been updated");
        if ((status.Replicas ?? 0) > updated)
            return new(false, false, $"{status.Replicas - updated} old replicas are pending termination");
        if (available < updated)
            return new(false, false, $"{available} of {updated} updated replicas are available");
        return new(true, false, $"deployment \"{name}\" successfully rolled out");
    }
}
