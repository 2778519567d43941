using System.Text;
using k8s;
using k8s.Models;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aks;

/// <summary>
/// What the pods of a failed version say: each container's state (CrashLoopBackOff, ImagePullBackOff...), its
/// restarts and last exit, and the last lines of its log (of the crashed run when it restarted).
/// </summary>
public sealed class AksPodReport(IKubernetes client, AksErrors errors, AksSettings settings)
{
    private const int MaxPods = 3;

    /// <param name="podTemplateHash">Only the pods of this ReplicaSet (the failed revision); null for every pod of the Deployment.</param>
    public async Task<string> DescribeAsync(string? podTemplateHash, int tail, CancellationToken ct)
    {
        var pods = await ListAsync(podTemplateHash, ct);
        var failing = pods.Where(p => !Ready(p) || Restarts(p) > 0).Take(MaxPods).ToList();
        if (failing.Count == 0) return pods.Count == 0 ? "no pod of the new version was created (check quotas and events: kubectl describe rs)\n" : "";
        var text = new StringBuilder();
        foreach (var pod in failing)
        {
            text.Append($"pod {pod.Metadata.Name}: {pod.Status?.Phase ?? "Unknown"}\n");
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
                text.Append($"  container {container.Name}: {State(container)}\n");
            var previous = Restarts(pod) > 0;
            text.Append($"  log{(previous ? " of the last crashed run" : "")} (last {tail} lines):\n");
            foreach (var line in (await LogAsync(pod, tail, previous, ct)).TrimEnd('\n').Split('\n')) text.Append("    ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Every pod's last lines, headed by its name.</summary>
    public async Task<string> LogsAsync(int tail, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var pod in await ListAsync(null, ct))
        {
            text.Append($"== pod {pod.Metadata.Name} ==\n");
            text.Append(await LogAsync(pod, tail, previous: false, ct));
            if (text[^1] != '\n') text.Append('\n');
        }
        return text.ToString();
    }

    private async Task<IList<V1Pod>> ListAsync(string? podTemplateHash, CancellationToken ct)
    {
        var selector = AksLabels.SelectorText(settings.Name) + (podTemplateHash is null ? "" : $",{AksLabels.PodTemplateHash}={podTemplateHash}");
        var list = await errors.GuardAsync("list", "pods", settings.Name, () =>
            client.CoreV1.ListNamespacedPodAsync(settings.Namespace, labelSelector: selector, cancellationToken: ct));
        return list.Items;
    }

    private async Task<string> LogAsync(V1Pod pod, int tail, bool previous, CancellationToken ct)
    {
        try
        {
            await using var stream = await errors.GuardAsync("get", "pods/log", pod.Metadata.Name, () =>
                client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, settings.Namespace, container: AksManifests.Container,
                    previous: previous, tailLines: tail, cancellationToken: ct));
            var log = await new StreamReader(stream).ReadToEndAsync(ct);
            return log.Length == 0 ? "(empty)" : log;
        }
        catch (MlOpsException e)
        {
            return $"(the log could not be read: {e.Message})";
        }
    }

    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;

    private static string State(V1ContainerStatus container)
    {
        var now = container.State?.Waiting is { } waiting ? $"waiting: {waiting.Reason}" + (string.IsNullOrEmpty(waiting.Message) ? "" : $" ({waiting.Message})")
            : container.State?.Terminated is { } ended ? $"terminated: {ended.Reason}, exit code {ended.ExitCode}"
            : container.State?.Running is not null ? (container.Ready ? "running, ready" : "running, not ready (readiness probe failing)")
            : "unknown";
        var last = container.LastState?.Terminated is { } lastEnd ? $", last run ended {lastEnd.Reason} with exit code {lastEnd.ExitCode}" : "";
        return $"{now}, restarted {container.RestartCount} times{last}";
    }
}
