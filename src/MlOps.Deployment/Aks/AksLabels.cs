using System.Text.RegularExpressions;

namespace MlOps.Deployment.Aks;

/// <summary>
/// The labels and annotations mlops puts on its Kubernetes objects. The selector holds only the stable name, since a
/// Deployment's selector cannot change; the model version is a pod label so each version gets its own ReplicaSet.
/// </summary>
public static partial class AksLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Environment = "mlops.dev/environment";
    public const string ModelVersion = "mlops.dev/model-version";
    public const string ModelReference = "mlops.dev/model-reference";
    public const string RunUrl = "mlops.dev/run-url";
    public const string ChangeCause = "kubernetes.io/change-cause";
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string PodTemplateHash = "pod-template-hash";

    public static Dictionary<string, string> Selector(string name) => new() { [Name] = name };

    public static string SelectorText(string name) => $"{Name}={name}";

    /// <summary>A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric ("adult-income@3" → "adult-income.3").</summary>
    public static string Value(string text)
    {
        var value = NotAllowed().Replace(text, ".");
        if (value.Length > 63) value = value[^63..];
        return value.Trim('.', '-', '_') is { Length: > 0 } trimmed ? trimmed : "unknown";
    }

    public static int RevisionOf(IDictionary<string, string>? annotations) => int.TryParse(Get(annotations, Revision), out var revision) ? revision : 0;

    /// <summary>A label or annotation; the client's maps are IDictionary, which has no GetValueOrDefault.</summary>
    public static string? Get(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotAllowed();
}
