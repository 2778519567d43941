using k8s;
using k8s.Models;
using MlOps.Core.Config;

namespace MlOps.Deployment.Aks;

/// <summary>
/// A Deployment's revisions, which Kubernetes keeps as its ReplicaSets (annotation deployment.kubernetes.io/revision),
/// and the rollback kubectl rollout undo does: the previous revision's pod template put back into the Deployment.
/// </summary>
public sealed class AksRevisions(IKubernetes client, AksErrors errors, AksSettings settings)
{
    /// <summary>The ReplicaSets the Deployment owns, newest revision first.</summary>
    public async Task<IReadOnlyList<V1ReplicaSet>> ListAsync(V1Deployment deployment, CancellationToken ct)
    {
        var list = await errors.GuardAsync("list", "replicasets.apps", settings.Name, () =>
            client.AppsV1.ListNamespacedReplicaSetAsync(settings.Namespace, labelSelector: AksLabels.SelectorText(settings.Name), cancellationToken: ct));
        return list.Items
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Kind == "Deployment" && o.Uid == deployment.Metadata.Uid) == true)
            .OrderByDescending(rs => AksLabels.RevisionOf(rs.Metadata.Annotations))
            .ToList();
    }

    /// <summary>The ReplicaSet of the Deployment's current revision (its pods are the new version's).</summary>
    public async Task<V1ReplicaSet?> CurrentAsync(V1Deployment deployment, CancellationToken ct)
    {
        var revision = AksLabels.RevisionOf(deployment.Metadata.Annotations);
        return (await ListAsync(deployment, ct)).FirstOrDefault(rs => AksLabels.RevisionOf(rs.Metadata.Annotations) == revision);
    }

    /// <summary>
    /// Puts the template of the newest revision older than the current one back into the Deployment, as kubectl rollout
    /// undo does (the controller then scales that ReplicaSet up again and gives it the next revision number). Returns the
    /// revision rolled back to and the model it runs, or null when there is no older revision.
    /// </summary>
    public async Task<(int Revision, string? Model)?> UndoAsync(V1Deployment deployment, CancellationToken ct)
    {
        var current = AksLabels.RevisionOf(deployment.Metadata.Annotations);
        var previous = (await ListAsync(deployment, ct)).FirstOrDefault(rs => AksLabels.RevisionOf(rs.Metadata.Annotations) < current);
        if (previous is null) return null;
        var template = previous.Spec.Template;
        // The hash is the ReplicaSet's own label, added by the controller; the Deployment's template never holds it.
        template.Metadata.Labels?.Remove(AksLabels.PodTemplateHash);
        deployment.Spec.Template = template;
        var annotations = deployment.Metadata.Annotations ??= new Dictionary<string, string>();
        var model = AksLabels.Get(template.Metadata.Annotations, AksLabels.ModelReference);
        if (model is not null) annotations[AksLabels.ModelReference] = model;
        if (AksLabels.Get(previous.Metadata.Annotations, AksLabels.ChangeCause) is { } cause) annotations[AksLabels.ChangeCause] = cause;
        await errors.GuardAsync("update", "deployments.apps", settings.Name, () =>
            client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, settings.Name, settings.Namespace, cancellationToken: ct));
        return (AksLabels.RevisionOf(previous.Metadata.Annotations), model);
    }
}
