namespace MlOps.Steps.Init;

/// <summary>What init wrote (paths relative to the target folder) and for which host; <paramref name="Overwritten"/> lists files --force replaced.</summary>
public sealed record InitResult(RepoHost Host, IReadOnlyList<string> Written, IReadOnlyList<string> Overwritten, StarterModel Model);
