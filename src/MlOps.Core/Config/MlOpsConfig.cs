using MlOps.Core.Data;
using MlOps.Core.Gates;
using MlOps.Core.Modeling;

namespace MlOps.Core.Config;

/// <summary>mlops.yml, validated. Every path in it is absolute (resolved against the file's folder).</summary>
public sealed record MlOpsConfig(
    string FilePath,
    string Sha256,
    ModelSection Model,
    DataSection Data,
    TrainSection Train,
    EvaluateSection Evaluate,
    RegistrySection Registry,
    IReadOnlyDictionary<string, DeployEnvironment> Deploy)
{
    public string Directory => System.IO.Path.GetDirectoryName(FilePath)!;

    /// <summary><c>monitor</c>: the limits `mlops monitor` applies (defaults when the section is absent).</summary>
    public MonitorSection Monitor { get; init; } = MonitorSection.Default(Model.Task);

    /// <summary><c>retrain</c>: the pipeline <c>mlops monitor --trigger</c> starts; no trigger when the section is absent.</summary>
    public RetrainSection Retrain { get; init; } = new(null);

    /// <summary><c>package</c>: image name, tag template and the registry `mlops package` pushes to (build only when absent).</summary>
    public PackageSection Package { get; init; } = PackageSection.Default;
}

public sealed record ModelSection(string Name, ModelTask Task, string Label, string? Positive);

public sealed record DataSection(string? Train, string? Test, IReadOnlyList<string> Exclude,
    IReadOnlyDictionary<string, ColumnKind> Types);

/// <param name="Export">Format of the registered model of the mlnet backend: "mlnet" (model.zip) or "onnx" (model.onnx).</param>
public sealed record TrainSection(string Backend, int Seed, MlNetSection MlNet, CommandSection? Command, string Export = "mlnet")
{
    /// <summary><c>train.azureml</c>, set when present (required for backend azureml).</summary>
    public AzureMlTrainSection? AzureMl { get; init; }
}

public sealed record MlNetSection(string Trainer, int Trees, int Leaves, double LearningRate, int MinLeaf);

/// <summary>
/// <c>train.command</c>: any program. It receives MLOPS_TRAIN_DATA, MLOPS_TEST_DATA, MLOPS_OUTPUT_DIR, MLOPS_LABEL,
/// MLOPS_SEED and must leave model.onnx or model.zip in MLOPS_OUTPUT_DIR.
/// </summary>
public sealed record CommandSection(string Run, string WorkingDirectory, IReadOnlyDictionary<string, string> Env,
    TimeSpan Timeout);

public sealed record EvaluateSection(IReadOnlyList<string> Metrics, IReadOnlyList<ThresholdRule> Thresholds,
    BaselineSection Baseline, Statistics.SignificanceSettings Significance, Slicing.SliceSettings Slices,
    Slicing.FairnessSettings Fairness, bool AllowBreakingSignature = false, DataChecks.DataSettings? Data = null)
{
    public DataChecks.DataSettings DataChecks => Data ?? MlOps.Core.DataChecks.DataSettings.Default;
}

/// <summary>The model to compare against (by alias) and how much worse the candidate may be.</summary>
public sealed record BaselineSection(bool Enabled, string Alias, IReadOnlyList<MarginRule> Margins);

public sealed record RegistrySection(string Backend, string Path)
{
    /// <summary><c>registry.azureml</c>, set when present (required for backend azureml).</summary>
    public AzureMlRegistrySection? AzureMl { get; init; }
}

/// <summary>An environment of the deploy section and the target that serves it; Host and Port apply to the local target.</summary>
public sealed record DeployEnvironment(string Name, string Target, string Host, int Port)
{
    /// <summary>Set for target aci.</summary>
    public AciSettings? Aci { get; init; }

    /// <summary>Set for target azureml-endpoint.</summary>
    public AzureMlEndpointSettings? AzureMlEndpoint { get; init; }

    /// <summary>Set for target aks.</summary>
    public AksSettings? Aks { get; init; }

    /// <summary>How a new version replaces the live one (targets that split traffic); all-at-once unless configured.</summary>
    public RolloutSettings Rollout { get; init; } = RolloutSettings.Default;

    /// <summary>Used when mlops.yml has no deploy section: any environment runs locally on a free loopback port.</summary>
    public static DeployEnvironment LocalDefault(string name) => new(name, "local", "127.0.0.1", 0);
}
