using MlOps.CiHosts;
using MlOps.Steps.Common;
using MlOps.Steps.Lineage;

namespace MlOps.Steps.Package;

/// <summary>The OCI labels that tie an image to its code and model; a label whose value is unknown is left out, never guessed.</summary>
public static class PackageLabels
{
    public const string Revision = "org.opencontainers.image.revision";
    public const string Source = "org.opencontainers.image.source";
    public const string Version = "org.opencontainers.image.version";
    public const string Title = "org.opencontainers.image.title";
    public const string ModelName = "mlops.model.name";
    public const string ModelVersion = "mlops.model.version";
    public const string ModelSha256 = "mlops.model.sha256";

    public static SortedDictionary<string, string> For(CiRunInfo ci, string directory, ImageName image, string modelName, string modelVersion, string modelSha256)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Title] = image.Repository,
            [Version] = image.Tag,
            [ModelName] = modelName,
            [ModelVersion] = modelVersion,
            [ModelSha256] = modelSha256,
        };
        if ((ci.Commit ?? GitInfo.Git(directory, "rev-parse", "HEAD")) is { Length: > 0 } commit) labels[Revision] = commit;
        if (GitRemote.Repository(ci, directory) is { Length: > 0 } source) labels[Source] = source;
        return labels;
    }

    /// <summary>
    /// The image's "created": SOURCE_DATE_EPOCH when given (the reproducible-builds convention), else the commit
    /// time of HEAD (the same for every build of a commit), else the epoch. Never the clock, which would change the
    /// config digest on every build. Layer files always carry the epoch, so unchanged layers match across commits.
    /// </summary>
    public static DateTimeOffset Created(DateTimeOffset? sourceDate, string directory) =>
        sourceDate
        ?? (long.TryParse(GitInfo.Git(directory, "log", "-1", "--format=%ct"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null)
        ?? DateTimeOffset.UnixEpoch;
}
