using System.Net.Http.Headers;
using System.Text;

namespace MlOps.CiHosts.Retrain;

/// <summary>
/// How a retrain call signs in to Azure DevOps: the job's System.AccessToken (mapped into SYSTEM_ACCESSTOKEN; Bearer)
/// or a personal access token in MLOPS_ADO_PAT (Basic, empty user name).
/// </summary>
public sealed record AzureDevOpsToken(string Value, bool IsPersonalAccessToken)
{
    public const string AccessTokenVariable = "SYSTEM_ACCESSTOKEN";
    public const string PatVariable = "MLOPS_ADO_PAT";

    /// <summary>The job token wins: it is what a pipeline has without any setup beyond mapping it into env.</summary>
    public static AzureDevOpsToken? FromEnvironment(Func<string, string?> environment) =>
        environment(AccessTokenVariable) is { Length: > 0 } bearer ? new AzureDevOpsToken(bearer, false)
        : environment(PatVariable) is { Length: > 0 } pat ? new AzureDevOpsToken(pat, true)
        : null;

    public AuthenticationHeaderValue Header => IsPersonalAccessToken
        ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Value)))
        : new AuthenticationHeaderValue("Bearer", Value);

    /// <summary>What the token must be allowed to do, for a 401/403 message.</summary>
    public string Needs(int pipelineId) => IsPersonalAccessToken
        ? $"the token needs the Build (Read & execute) scope (vso.build_execute) in the pipeline's organization; check {PatVariable} holds an unexpired PAT"
        : $"the token needs permission to queue pipeline {pipelineId}: map it into the step with env: {AccessTokenVariable}: $(System.AccessToken), " +
          "and give the project's build service identity 'Queue builds' on that pipeline (with 'Limit job authorization scope' on, " +
          "the pipeline must be in the same project)";

    /// <summary>Never the token itself: records print this.</summary>
    public override string ToString() => IsPersonalAccessToken ? $"PAT from {PatVariable}" : $"job token from {AccessTokenVariable}";
}
