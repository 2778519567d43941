using System.Globalization;
using MlOps.Azure.AzureMl;
using MlOps.Core.Config;

namespace MlOps.Training.AzureMl;

/// <summary>
/// Builds the command job: the user's command prefixed with exports that give it the train.command contract
/// (MLOPS_TRAIN_DATA, MLOPS_OUTPUT_DIR... resolved by Azure ML from ${{inputs.*}} / ${{outputs.*}}).
/// </summary>
internal static class JobSpecBuilder
{
    public static CommandJobSpec Build(string jobName, AzureMlTrainSection settings, TrainingContext context, string codeId, string environmentId,
        string computeId, IReadOnlyDictionary<string, JobData> inputs, string modelOutputUri)
    {
        var config = context.Config;
        var exports = new List<string> { "export MLOPS_OUTPUT_DIR=\"${{outputs.model}}\"" };
        if (inputs.ContainsKey("train")) exports.Add("export MLOPS_TRAIN_DATA=\"${{inputs.train}}\"");
        exports.Add(inputs.ContainsKey("test") ? "export MLOPS_TEST_DATA=\"${{inputs.test}}\"" : "export MLOPS_TEST_DATA=\"\"");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MLOPS_LABEL"] = config.Model.Label,
            ["MLOPS_TASK"] = Core.Modeling.ModelTaskNames.ToName(config.Model.Task),
            ["MLOPS_POSITIVE"] = config.Model.Positive ?? "",
            ["MLOPS_FEATURES"] = string.Join(",", context.Features.Select(f => f.Name)),
            ["MLOPS_SEED"] = context.Seed.ToString(CultureInfo.InvariantCulture),
        };
        return new CommandJobSpec(
            jobName,
            settings.Experiment ?? config.Model.Name,
            codeId,
            $"{string.Join(" && ", exports)} && {settings.Command}",
            environmentId,
            computeId,
            settings.InstanceCount,
            settings.DistributionType is { } type ? new JobDistribution(type, settings.ProcessCountPerInstance) : null,
            environment,
            inputs,
            new Dictionary<string, JobData> { ["model"] = new("uri_folder", modelOutputUri) },
            settings.Timeout,
            new Dictionary<string, string> { ["mlops.model"] = config.Model.Name });
    }
}
