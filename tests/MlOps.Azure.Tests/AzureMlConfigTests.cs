using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Azure.Tests;

/// <summary>registry.azureml and train.azureml are validated as strictly as the rest of mlops.yml (file:line:col, exit 2).</summary>
public sealed class AzureMlConfigTests
{
    private static MlOpsConfig Parse(string yaml) =>
        ConfigLoader.Parse(new StringReader("model: { name: m, task: regression, label: y }\n" + yaml),
            Path.Combine(Path.GetTempPath(), "mlops.yml"), "mlops.yml");

    [Test]
    public void Registry_azureml_reads_a_workspace_or_a_shared_registry()
    {
        var workspace = Parse("registry:\n  backend: azureml\n  azureml: { subscription: s, resource-group: rg, workspace: ws }\n");
        var shared = Parse("registry:\n  backend: azureml\n  azureml: { subscription: s, resource-group: rg, registry: reg, arm-endpoint: https://127.0.0.1:8443 }\n");

        Assert.That(workspace.Registry.AzureMl!.Target.Workspace, Is.EqualTo("ws"));
        Assert.That(shared.Registry.AzureMl!.Target.Registry, Is.EqualTo("reg"));
        Assert.That(shared.Registry.AzureMl.Target.ArmEndpoint, Is.EqualTo("https://127.0.0.1:8443"));
    }

    [Test]
    public void A_typo_in_an_azureml_key_names_the_line_and_column_and_suggests_the_key()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            Parse("registry:\n  backend: azureml\n  azureml:\n    subscription: s\n    resource-grup: rg\n    workspace: ws\n"));

        Assert.That(error!.Message, Does.StartWith("mlops.yml:6:5:").And.Contain("did you mean 'resource-group'"));
    }

    [Test]
    public void Backend_azureml_without_its_block_or_with_both_workspace_and_registry_is_refused()
    {
        Assert.That(Assert.Throws<InvalidInputException>(() => Parse("train: { backend: azureml }\n"))!.Message,
            Does.Contain("train.azureml is missing"));
        Assert.That(Assert.Throws<InvalidInputException>(() =>
                Parse("registry: { backend: azureml, azureml: { subscription: s, resource-group: rg, workspace: w, registry: r } }\n"))!.Message,
            Does.Contain("exactly one of workspace").And.StartWith("mlops.yml:"));
    }

    [Test]
    public void Train_azureml_reads_compute_distribution_environment_and_defaults()
    {
        var config = Parse("train:\n  backend: azureml\n  azureml:\n    subscription: s\n    resource-group: rg\n    workspace: ws\n" +
                           "    compute: cpu\n    distribution: { type: mpi }\n    environment: { image: python:3.12 }\n    command: python t.py\n");
        var aml = config.Train.AzureMl!;

        Assert.That((aml.Compute, aml.InstanceCount, aml.DistributionType, aml.ProcessCountPerInstance, aml.Image),
            Is.EqualTo(("cpu", 1, "mpi", 1, "python:3.12")));
        Assert.That(aml.CodeDirectory, Is.EqualTo(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)));
        var bad = Assert.Throws<InvalidInputException>(() => Parse(
            "train:\n  backend: azureml\n  azureml: { subscription: s, resource-group: rg, workspace: ws, compute: c, command: x, environment: { image: i }, distribution: { type: horovod } }\n"));
        Assert.That(bad!.Message, Does.Contain("must be one of pytorch, mpi"));
    }
}
