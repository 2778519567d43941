namespace MlOps.Core.Errors;

/// <summary>Process exit codes shared by the CLI, the Azure DevOps tasks and the GitHub actions.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A quality gate failed: a verdict on the model, not a crash.</summary>
    public const int GateFailed = 1;
    public const int InvalidInput = 2;
    public const int ExternalFailure = 3;
    public const int InternalError = 4;
}
