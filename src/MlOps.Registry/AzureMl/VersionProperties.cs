namespace MlOps.Registry.AzureMl;

/// <summary>Immutable facts mlops records in a version's Azure ML properties (properties, unlike tags, cannot be edited later).</summary>
internal static class VersionProperties
{
    public const string Sha256 = "mlops.contentSha256";
    public const string Files = "mlops.files";
}
