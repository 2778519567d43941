namespace MlOps.Containers.Oci;

/// <summary>A pointer to a blob as manifests and indexes hold it: its media type, digest and size in bytes.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size);
