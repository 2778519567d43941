namespace MlOps.Steps.Package;

/// <summary>A file a self-contained deps.json puts in the publish folder: its path there ('/'-separated) and what it is.</summary>
public sealed record DepsAsset(string Path, DepsAssetKind Kind);
