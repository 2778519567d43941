namespace MlOps.Steps.Evaluate;

/// <param name="BaselineReference">Compare with this model; default: the registry's model with evaluate.baseline.alias.</param>
/// <param name="DataPath">Evaluate on this CSV instead of data.test.</param>
/// <param name="ReportDirectory">Where report.json and report.md go; default .mlops/report beside mlops.yml.</param>
/// <param name="RegistryPath">Registry to resolve NAME:VERSION / NAME@ALIAS in; default from mlops.yml.</param>
public sealed record EvaluateOptions(
    string ConfigPath,
    string ModelReference,
    string? BaselineReference = null,
    string? DataPath = null,
    string? ReportDirectory = null,
    string? RegistryPath = null);
