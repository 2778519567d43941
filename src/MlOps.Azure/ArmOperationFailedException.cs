using Azure;

namespace MlOps.Azure;

/// <summary>
/// A long-running operation that ARM accepted and that then ended Failed or Canceled (a deployment that could not be
/// provisioned), as opposed to a request ARM refused outright: callers fetch logs and clean up only for this one.
/// </summary>
/// <param name="Outcome">How it ended: Failed, Canceled.</param>
/// <param name="Reason">The service's own message for it, when it gave one.</param>
public sealed class ArmOperationFailedException(string message, string? errorCode, string outcome, string? reason)
    : RequestFailedException(500, message, errorCode, null)
{
    public string Outcome { get; } = outcome;
    public string? Reason { get; } = reason;
}
