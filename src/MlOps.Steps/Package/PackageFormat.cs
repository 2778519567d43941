using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>What `mlops package` writes: an OCI image layout (skopeo, ORAS, registries), a docker-archive tar (`podman load`, `docker load`), or both.</summary>
public enum PackageFormat
{
    Oci,
    DockerArchive,
    Both,
}

public static class PackageFormats
{
    public static PackageFormat Parse(string? value) => value switch
    {
        null or "both" => PackageFormat.Both,
        "oci" => PackageFormat.Oci,
        "docker-archive" => PackageFormat.DockerArchive,
        _ => throw new InvalidInputException($"--format '{value}' is not an image format: expected oci, docker-archive or both"),
    };

    public static bool WritesOci(this PackageFormat format) => format != PackageFormat.DockerArchive;

    public static bool WritesDockerArchive(this PackageFormat format) => format != PackageFormat.Oci;
}
