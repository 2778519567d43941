namespace MlOps.Steps.Package;

/// <summary>What `mlops package --validate` measured on the booted image.</summary>
public sealed record ImageValidation(bool Passed, string Verdict);
