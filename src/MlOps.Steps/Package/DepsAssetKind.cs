namespace MlOps.Steps.Package;

/// <summary>The deps.json section an asset is listed in: "runtime" (managed assemblies), "native", or "resources" (satellite assemblies).</summary>
public enum DepsAssetKind { Managed, Native, Resources }
