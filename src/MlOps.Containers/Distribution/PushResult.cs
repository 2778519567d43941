namespace MlOps.Containers.Distribution;

/// <summary>A finished push: where the image is now, and what it cost.</summary>
/// <param name="Reference">REGISTRY/REPOSITORY:TAG.</param>
/// <param name="BytesUploaded">Request body bytes sent, retries included (manifest and config too).</param>
/// <param name="ImageBytes">Every blob of the image plus the manifest: what a push into an empty registry sends.</param>
public sealed record PushResult(string Reference, string ManifestDigest, IReadOnlyList<BlobPush> Blobs, long BytesUploaded, long ImageBytes, double Seconds);
