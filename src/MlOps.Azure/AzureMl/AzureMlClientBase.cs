using Azure.Core;

namespace MlOps.Azure.AzureMl;

/// <summary>What every Azure ML client holds: the shared ARM pipeline and the workspace or registry it talks to.</summary>
public abstract class AzureMlClientBase
{
    protected AzureMlClientBase(AzureMlScope scope, TokenCredential credential, AzureMlClientOptions? options)
        : this(scope, new ArmPipeline(credential, options))
    {
    }

    protected AzureMlClientBase(AzureMlScope scope, ArmPipeline arm)
    {
        Scope = scope;
        Arm = arm;
    }

    public AzureMlScope Scope { get; }
    public ArmPipeline Arm { get; }

    protected static string E(string segment) => AzureMlScope.Escape(segment);
}
