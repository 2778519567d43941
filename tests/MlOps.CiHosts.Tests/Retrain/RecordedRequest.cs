namespace MlOps.CiHosts.Tests.Retrain;

/// <summary>One request a fake received, as the service would have seen it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, string Body, int Status);
