using MlOps.Core.Errors;

namespace MlOps.Deployment;

/// <summary>
/// A new version that did not become healthy and was taken back out (rolled back, or removed on a first deploy): a
/// verdict on that version, like a failed gate (exit 1), not a broken service.
/// </summary>
public sealed class RolloutFailedException(string message) : MlOpsException(ExitCodes.GateFailed, message)
{
    /// <summary>The version that serves again after a rollback (for the audit trail); null when nothing was restored.</summary>
    public string? Restored { get; init; }
}
