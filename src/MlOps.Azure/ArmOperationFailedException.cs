using Azure;

namespace MlOps.Azure;

/// <summary>
/// A long-running operation that ARM accepted and that then ended Failed or Canceled (a deployment that could not be
/// provisioned), as opposed to a request ARM refused outright: callers fetch logs and clean up only for this one.
/// </summary>
public sealed class ArmOperationFailedException(string message, string? errorCode)
    : RequestFailedException(500, message, errorCode, null);
