namespace MlOps.Steps.Deploy;

/// <param name="ModelReference">Default: the model of <paramref name="PackageDirectory"/>'s image, else NAME@production.</param>
/// <param name="Image">The image container targets run (REGISTRY/NAME:TAG).</param>
/// <param name="PackageDirectory">An output folder of `mlops package`: its package.json names the image and the model.</param>
/// <param name="Status">Only report what runs in the environment.</param>
public sealed record DeployOptions(string ConfigPath, string Environment, string? ModelReference = null, bool Stop = false,
    string? RegistryPath = null, string? Image = null, string? PackageDirectory = null, bool Status = false);
