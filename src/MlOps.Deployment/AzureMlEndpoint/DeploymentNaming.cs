using System.Text.RegularExpressions;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>
/// Names the new deployment so it never collides with the live one: <c>blue-green</c> alternates blue and green;
/// <c>model-version</c> names it after the model's version (version-3), with "-b" when that version is live already (a redeploy).
/// </summary>
public static partial class DeploymentNaming
{
    public static string Next(string scheme, string modelReference, string? live)
    {
        if (scheme == "model-version" && FromVersion(modelReference) is { } name)
            return name == live ? $"{name}-b" : name;
        return live == "blue" ? "green" : "blue";
    }

    /// <summary>"adult-income:3" → "version-3"; null when the reference carries no version usable in a name (at most 32 letters, digits, '-').</summary>
    private static string? FromVersion(string modelReference)
    {
        var colon = modelReference.LastIndexOf(':');
        if (colon < 0) return null;
        var version = Unsafe().Replace(modelReference[(colon + 1)..], "-").Trim('-').ToLowerInvariant();
        // 30, not 32: room for the "-b" of a redeploy.
        return version.Length is > 0 and <= 22 ? $"version-{version}" : null;
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex Unsafe();
}
