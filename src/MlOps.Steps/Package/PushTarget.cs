using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// Where `--push` sends the image: REGISTRY/REPOSITORY[:TAG]. The first path part names the registry when it looks
/// like a host (has a '.' or a ':' port, or is localhost), as Docker and podman read references; without a tag the
/// image's own tag is used.
/// </summary>
public sealed record PushTarget(string Registry, string Repository, string? Tag)
{
    public override string ToString() => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}";

    public static PushTarget Parse(string value, string what = "--push")
    {
        var slash = value.IndexOf('/');
        var host = slash > 0 ? value[..slash] : "";
        if (slash <= 0 || !(host.Contains('.') || host.Contains(':') || host == "localhost"))
            throw new InvalidInputException($"{what} '{value}' names no registry: expected REGISTRY/REPOSITORY:TAG, e.g. myregistry.azurecr.io/adult-income:3 or 127.0.0.1:5000/adult-income:3");
        var rest = value[(slash + 1)..];
        var colon = rest.LastIndexOf(':');
        var (repository, tag) = colon > rest.LastIndexOf('/') ? (rest[..colon], rest[(colon + 1)..]) : (rest, null);
        var checkedName = ImageName.Of(repository, tag ?? "latest", $"{what} '{value}'");
        return new PushTarget(host, checkedName.Repository, tag);
    }
}
