namespace MlOps.Core.Config;

/// <summary>
/// Where Azure ML is: <c>subscription</c>, <c>resource-group</c> and a <c>workspace</c> (or, for models only, a shared
/// <c>registry</c>). <see cref="ArmEndpoint"/> overrides https://management.azure.com (sovereign clouds, tests).
/// </summary>
public sealed record AzureMlTarget(string Subscription, string ResourceGroup, string? Workspace, string? Registry, string? ArmEndpoint);

/// <summary><c>registry.azureml</c>: models live in Azure ML; downloaded files are cached under <see cref="CachePath"/>.</summary>
public sealed record AzureMlRegistrySection(AzureMlTarget Target, string CachePath);

/// <summary>
/// <c>train.azureml</c>: the training command runs as an Azure ML command job on <see cref="Compute"/>, with
/// <see cref="CodeDirectory"/> uploaded as its code snapshot and the environment built from <see cref="Image"/>
/// (+ conda file).
/// </summary>
public sealed record AzureMlTrainSection(
    AzureMlTarget Target,
    string Compute,
    int InstanceCount,
    string? DistributionType,
    int ProcessCountPerInstance,
    string Image,
    string? CondaFile,
    string Command,
    string CodeDirectory,
    string? Experiment,
    TimeSpan Timeout);
