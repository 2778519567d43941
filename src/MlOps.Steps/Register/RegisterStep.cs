using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Registry;
using MlOps.Steps.Common;
using MlOps.Steps.Train;

namespace MlOps.Steps.Register;

public sealed record RegisterStepOptions(string ConfigPath, string ModelPath, string? RegistryPath = null,
    IReadOnlyDictionary<string, string>? Tags = null, string? Description = null);

/// <summary>Adds a trained model (folder or file with its model.json) to the registry as the next version of the model.</summary>
public sealed class RegisterStep(StepContext context)
{
    public async Task<ModelVersion> RunAsync(RegisterStepOptions options, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var source = Path.GetFullPath(options.ModelPath);
        var card = ModelLoader.ReadCard(options.ModelPath);
        if (card.Name != config.Model.Name)
            throw new InvalidInputException(
                $"{options.ModelPath}: this is a model of '{card.Name}' but {options.ConfigPath} is for '{config.Model.Name}'");
        var directory = ModelLoader.FolderOf(source);
        var run = RunRecord.TryRead(directory);

        var tags = new Dictionary<string, string>(options.Tags ?? new Dictionary<string, string>())
        {
            ["task"] = card.Task.ToName(),
            ["format"] = card.Format,
        };
        if (run?.Code.Commit is { } commit) tags["git.commit"] = commit;
        if (run?.Code.Branch is { } branch) tags["git.branch"] = branch;
        var properties = new Dictionary<string, string> { ["model.sha256"] = FileHash.Sha256(Path.Combine(directory, card.File)) };
        if (run is not null)
        {
            properties["trainer"] = run.Trainer;
            properties["config.sha256"] = run.ConfigSha256;
            if (run.TrainSettingsSha256 is { } settings) properties[TrainingInputs.SettingsProperty] = settings;
            foreach (var data in run.Data) properties[$"data.{data.Role}.sha256"] = data.Sha256;
        }

        var registry = RegistryLocator.Open(config, options.RegistryPath);
        registry = Audit.AuditIdentity.Stamp(registry, WhyRegistered(registry, config.Model.Name, properties["model.sha256"]));
        var files = OnlyModelFiles(directory, card);
        ModelVersion version;
        try
        {
            version = await registry.RegisterAsync(config.Model.Name, files, new Registry.RegisterOptions(tags, options.Description, properties), ct);
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
        finally
        {
            if (files != directory) Directory.Delete(files, recursive: true);
        }
        context.Host.SetOutput("model_version", version.Reference);
        context.Say($"registered {version.Reference}");
        context.Say($"  registry: {RegistryLocator.Describe(config, options.RegistryPath)}");
        context.Say($"  files:    {version.ArtifactPath}");
        context.Out.WriteLine(version.Reference);
        return version;
    }

    /// <summary>The registered event names the gate decision on this model file, when it was evaluated before registration.</summary>
    private Registry.Audit.AuditContext WhyRegistered(IModelRegistry registry, string name, string modelSha256)
    {
        var who = Audit.AuditIdentity.From(context.Host);
        return registry is LocalModelRegistry local
            ? Audit.GateEvidence.Why(who, Audit.GateEvidence.Find(local.Audit.Read(), name, null, modelSha256))
            : who;
    }

    /// <summary>A training folder may hold other files; the registry gets only the model, its card and its run record.</summary>
    private static string OnlyModelFiles(string directory, ModelCard card)
    {
        var extra = Directory.EnumerateFileSystemEntries(directory)
            .Select(Path.GetFileName)
            .Except(ModelFiles(card));
        return extra.Any() ? CopyModelFiles(directory, card) : directory;
    }

    private static string[] ModelFiles(ModelCard card) =>
        [card.File, ModelCard.FileName, RunRecord.FileName, Core.DataChecks.DataProfile.FileName, "params.json", "metrics.json"];

    private static string CopyModelFiles(string directory, ModelCard card)
    {
        var staging = Path.Combine(Path.GetTempPath(), "mlops-register-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        foreach (var name in ModelFiles(card))
            if (File.Exists(Path.Combine(directory, name)))
                File.Copy(Path.Combine(directory, name), Path.Combine(staging, name));
        return staging;
    }
}
