namespace MlOps.Core.Errors;

/// <summary>An error the user can act on; its message is printed as is and <see cref="ExitCode"/> ends the process.</summary>
public class MlOpsException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Bad input: a file, a value in it, a flag or a reference (exit 2).</summary>
public sealed class InvalidInputException(string message, Exception? inner = null)
    : MlOpsException(ExitCodes.InvalidInput, message, inner);

/// <summary>Something outside mlops failed: a trainer command, a service (exit 3).</summary>
public sealed class ExternalFailureException(string message, Exception? inner = null)
    : MlOpsException(ExitCodes.ExternalFailure, message, inner);
