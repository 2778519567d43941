using System.Text.Json.Nodes;
using System.Xml;

namespace MlOps.Azure.AzureMl;

/// <summary>How a distributed job starts its processes: PyTorch (torchrun-style env) or MPI, N processes per node.</summary>
public sealed record JobDistribution(string Type, int ProcessCountPerInstance)
{
    internal JsonObject ToJson() => new()
    {
        ["distributionType"] = Type.Equals("mpi", StringComparison.OrdinalIgnoreCase) ? "Mpi" : "PyTorch",
        ["processCountPerInstance"] = ProcessCountPerInstance,
    };
}

/// <summary>A job input or output: a uri_file / uri_folder at an azureml:// or https:// address.</summary>
public sealed record JobData(string Type, string Uri);

/// <summary>Everything a command job needs (Jobs_CreateOrUpdate with jobType Command).</summary>
public sealed record CommandJobSpec(
    string Name,
    string ExperimentName,
    string CodeId,
    string Command,
    string EnvironmentId,
    string ComputeId,
    int InstanceCount,
    JobDistribution? Distribution,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    IReadOnlyDictionary<string, JobData> Inputs,
    IReadOnlyDictionary<string, JobData> Outputs,
    TimeSpan? Timeout,
    IReadOnlyDictionary<string, string> Tags)
{
    internal JsonObject ToJson()
    {
        var inputs = new JsonObject();
        foreach (var (name, input) in Inputs)
            inputs[name] = new JsonObject { ["jobInputType"] = input.Type, ["uri"] = input.Uri, ["mode"] = "ReadOnlyMount" };
        var outputs = new JsonObject();
        foreach (var (name, output) in Outputs)
            outputs[name] = new JsonObject { ["jobOutputType"] = output.Type, ["uri"] = output.Uri, ["mode"] = "ReadWriteMount" };
        var properties = new JsonObject
        {
            ["jobType"] = "Command",
            ["displayName"] = Name,
            ["experimentName"] = ExperimentName,
            ["codeId"] = CodeId,
            ["command"] = Command,
            ["environmentId"] = EnvironmentId,
            ["computeId"] = ComputeId,
            ["resources"] = new JsonObject { ["instanceCount"] = InstanceCount },
            ["environmentVariables"] = JsonMaps.Write(EnvironmentVariables),
            ["inputs"] = inputs,
            ["outputs"] = outputs,
            ["tags"] = JsonMaps.Write(Tags),
        };
        if (Distribution is not null) properties["distribution"] = Distribution.ToJson();
        if (Timeout is { } t) properties["limits"] = new JsonObject { ["jobLimitsType"] = "Command", ["timeout"] = XmlConvert.ToString(t) };
        return new JsonObject { ["properties"] = properties };
    }
}
