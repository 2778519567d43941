namespace MlOps.Steps.Package;

/// <summary>What `mlops package --validate` measured on the booted image (package.json "validation").</summary>
/// <param name="ReadySeconds">From `podman run` to the first 200 on /health/ready; null when it never came.</param>
/// <param name="Rows">Test rows sent, one per request.</param>
/// <param name="Mismatches">Rows whose prediction differs from offline scoring of the same model.</param>
/// <param name="MemoryBytes">The container's memory after the requests (podman stats).</param>
/// <param name="UncompressedSize">The image unpacked: sum of the layer tars.</param>
public sealed record ImageValidation(
    bool Passed,
    string Verdict,
    double? ReadySeconds,
    int Rows,
    int Mismatches,
    double? P50Milliseconds,
    double? P99Milliseconds,
    long? MemoryBytes,
    long CompressedSize,
    long UncompressedSize,
    string? FirstMismatch = null);
