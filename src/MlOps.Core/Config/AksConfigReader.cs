using System.Text.RegularExpressions;

namespace MlOps.Core.Config;

/// <summary>
/// Reads a <c>deploy.ENV</c> entry with <c>target: aks</c> as strictly as the aci one: every key known, every value
/// checked against what Kubernetes accepts, so a bad name fails here with mlops.yml:L:C and not in the cluster.
/// </summary>
internal static partial class AksConfigReader
{
    private static readonly string[] Keys =
        ["target", "namespace", "name", "replicas", "requests", "limits", "autoscale", "pod-disruption-budget", "progress-deadline-seconds",
         "timeout-minutes", "port", "service-type", "image-pull-secret", "env", "secure-env", "kubeconfig", "context", "server",
         "certificate-authority"];

    private static readonly string[] ServiceTypes = ["ClusterIP", "NodePort", "LoadBalancer"];

    public static DeployEnvironment Read(string env, YamlNodeReader value, string modelName, string baseDir)
    {
        value.Mapping(Keys);
        var name = value.String("name") ?? DeployConfigReader.DefaultName(modelName, env);
        DeployConfigReader.CheckLabel(value, "name", name, "object name");
        var ns = value.String("namespace") ?? "default";
        DeployConfigReader.CheckLabel(value, "namespace", ns, "namespace");
        var pullSecret = value.String("image-pull-secret");
        if (pullSecret is not null && !Subdomain().IsMatch(pullSecret))
            throw value.Required("image-pull-secret").Error($"'{value.Path}.image-pull-secret' '{pullSecret}' is not a Secret name (lowercase letters, digits, '-' and '.')");
        var autoscale = ReadAutoscale(value.Child("autoscale"));
        var replicas = value.Int("replicas", 2, 1, 1000);
        if (autoscale is not null && value.Child("replicas") is { } r)
            throw r.Error($"'{value.Path}' has both replicas and autoscale: the autoscaler sets the number of pods between autoscale.min and autoscale.max; remove replicas");
        var aks = new AksSettings(
            ns, name, replicas,
            ReadResources(value.Child("requests")) ?? new AksResources("250m", "512Mi"),
            ReadResources(value.Child("limits")) ?? new AksResources(null, "1Gi"),
            autoscale, ReadPdb(value.Child("pod-disruption-budget")),
            value.Int("progress-deadline-seconds", 600, 10, 3600),
            TimeSpan.FromMinutes(value.Int("timeout-minutes", 15, 1, 240)),
            value.Int("port", 8080, 1, 65535),
            value.Choice("service-type", "ClusterIP", ServiceTypes),
            pullSecret,
            DeployConfigReader.Variables(value.Child("env")), DeployConfigReader.ReadSecureEnv(value.Child("secure-env")),
            ReadCredentials(value, baseDir));
        return new DeployEnvironment(env, "aks", "", 0) { Aks = aks };
    }

    private static AksCredentials ReadCredentials(YamlNodeReader value, string baseDir)
    {
        var kubeconfig = value.String("kubeconfig");
        var context = value.String("context");
        var server = value.String("server");
        var ca = value.String("certificate-authority");
        if (server is not null)
        {
            if (kubeconfig is not null || context is not null)
                throw value.Required("server").Error($"'{value.Path}' takes either kubeconfig (+ context) or server (+ certificate-authority, with an Azure identity), not both");
            if (!(Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                throw value.Required("server").Error($"'{value.Path}.server' must be the cluster's API server URL (https://NAME.hcp.REGION.azmk8s.io:443); found '{server}'");
        }
        else if (ca is not null)
            throw value.Required("certificate-authority").Error($"'{value.Path}.certificate-authority' goes with server; a kubeconfig holds its own CA");
        return new AksCredentials(Resolve(kubeconfig, baseDir), context, server, Resolve(ca, baseDir));
    }

    private static string? Resolve(string? path, string baseDir) => path is null ? null : Path.GetFullPath(path, baseDir);

    private static AksResources? ReadResources(YamlNodeReader? node)
    {
        if (node is null) return null;
        node.Mapping("cpu", "memory");
        return new AksResources(Quantity(node, "cpu", "500m or 1"), Quantity(node, "memory", "512Mi or 2Gi"));
    }

    private static string? Quantity(YamlNodeReader node, string key, string example)
    {
        var text = node.String(key);
        if (text is not null && !QuantityPattern().IsMatch(text))
            throw node.Required(key).Error($"'{node.Path}.{key}' '{text}' is not a Kubernetes quantity (e.g. {example})");
        return text;
    }

    private static AksAutoscale? ReadAutoscale(YamlNodeReader? node)
    {
        if (node is null) return null;
        node.Mapping("min", "max", "cpu-percent");
        var min = node.Int("min", 2, 1, 1000);
        var max = node.Int("max", Math.Max(min, 10), 1, 1000);
        if (max < min) throw node.Required("max").Error($"'{node.Path}.max' ({max}) must be at least min ({min})");
        return new AksAutoscale(min, max, node.Int("cpu-percent", 70, 1, 100));
    }

    private static int? ReadPdb(YamlNodeReader? node)
    {
        if (node is null) return null;
        node.Mapping("min-available");
        return node.Int("min-available", 1, 0, 1000);
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex Subdomain();
}
