using System.Text.Json.Serialization;

namespace MlOps.Containers.Distribution;

[JsonConverter(typeof(JsonStringEnumConverter<BlobPushKind>))]
public enum BlobPushKind
{
    /// <summary>The registry already had it (HEAD 200): nothing sent.</summary>
    Skipped,
    /// <summary>Linked from another repository of the registry (cross-repository mount): nothing sent.</summary>
    Mounted,
    Uploaded,
}

/// <summary>What happened to one blob of a push, for the progress line and package.json.</summary>
/// <param name="Requests">Upload requests (POST, PATCHes, PUT) of the attempt that succeeded.</param>
/// <param name="Restarts">Uploads started over because the registry lost the session (a retried chunk it had already taken).</param>
public sealed record BlobPush(string Name, string Digest, long Size, BlobPushKind Kind, int Requests = 0, int Restarts = 0);
