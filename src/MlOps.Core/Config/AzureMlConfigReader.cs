namespace MlOps.Core.Config;

/// <summary>Reads the <c>azureml</c> blocks of <c>registry</c> and <c>train</c>, as strictly as the rest of mlops.yml.</summary>
internal static class AzureMlConfigReader
{
    private static readonly string[] TargetKeys = ["subscription", "resource-group", "workspace", "registry", "arm-endpoint"];

    public static AzureMlRegistrySection ReadRegistry(YamlNodeReader node, string baseDir)
    {
        node.Mapping([.. TargetKeys, "cache"]);
        var cache = node.String("cache") is { Length: > 0 } c ? Path.GetFullPath(Path.Combine(baseDir, c)) : Path.Combine(baseDir, ".mlops", "azureml-cache");
        return new AzureMlRegistrySection(ReadTarget(node, allowRegistry: true), cache);
    }

    public static AzureMlTrainSection ReadTrain(YamlNodeReader node, string baseDir)
    {
        node.Mapping([.. TargetKeys, "compute", "instance-count", "distribution", "environment", "command", "code", "experiment", "timeout-minutes"]);
        var target = ReadTarget(node, allowRegistry: false);
        string? distribution = null;
        var perInstance = 1;
        if (node.Child("distribution") is { } d)
        {
            d.Mapping("type", "process-count-per-instance");
            distribution = d.Choice("type", "pytorch", "pytorch", "mpi");
            perInstance = d.Int("process-count-per-instance", 1, 1, 1024);
        }
        var env = node.Required("environment").Mapping("image", "conda-file");
        var conda = env.String("conda-file") is { Length: > 0 } cf ? Path.GetFullPath(Path.Combine(baseDir, cf)) : null;
        if (conda is not null && !File.Exists(conda))
            throw env.Required("conda-file").Error($"train.azureml.environment.conda-file '{env.String("conda-file")}' does not exist");
        var code = Path.GetFullPath(Path.Combine(baseDir, node.String("code") ?? "."));
        if (!Directory.Exists(code))
            throw node.Required("code").Error($"train.azureml.code '{node.String("code")}' is not a folder; it is uploaded as the job's code snapshot");
        return new AzureMlTrainSection(target, node.RequiredString("compute"), node.Int("instance-count", 1, 1, 1000), distribution, perInstance,
            env.RequiredString("image"), conda, node.RequiredString("command"), code, node.String("experiment"),
            TimeSpan.FromMinutes(node.Int("timeout-minutes", 120, 1, 30 * 24 * 60)));
    }

    private static AzureMlTarget ReadTarget(YamlNodeReader node, bool allowRegistry)
    {
        var workspace = node.String("workspace");
        var registry = node.String("registry");
        if (!allowRegistry && registry is not null)
            throw node.Required("registry").Error($"'{node.Path}.registry' is not allowed here: jobs run in a workspace; set workspace");
        if ((workspace is null) == (registry is null))
            throw node.Error(allowRegistry
                ? $"'{node.Path}' needs exactly one of workspace (an Azure ML workspace) or registry (a shared Azure ML registry)"
                : $"'{node.Path}' needs workspace (the Azure ML workspace that runs the job)");
        return new AzureMlTarget(node.RequiredString("subscription"), node.RequiredString("resource-group"), workspace, registry,
            DeployConfigReader.ArmEndpoint(node));
    }
}
