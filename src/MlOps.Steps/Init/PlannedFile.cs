namespace MlOps.Steps.Init;

/// <summary>A file init will write: its path relative to the target folder ('/'-separated), its bytes, and where it came from.</summary>
public sealed record PlannedFile(string Path, byte[] Content, string Source);
