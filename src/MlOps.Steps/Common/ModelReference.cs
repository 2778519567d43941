using MlOps.Core.Errors;
using MlOps.Models;
using MlOps.Registry;

namespace MlOps.Steps.Common;

/// <summary>A REF resolved to files: a path as given, or NAME:VERSION / NAME@ALIAS looked up in the registry.</summary>
public sealed record ResolvedModel(string Reference, string Path, string? RegistryVersion, string Sha256)
{
    public static async Task<ResolvedModel> ResolveAsync(string reference, IModelRegistry registry, CancellationToken ct = default)
    {
        if (File.Exists(reference) || Directory.Exists(reference))
            return FromPath(reference, System.IO.Path.GetFullPath(reference), null);
        if (!reference.Contains(':') && !reference.Contains('@'))
            throw new InvalidInputException(
                $"model '{reference}' not found: no such file or directory (a model is a folder from 'mlops train', a model file, NAME:VERSION or NAME@ALIAS)");
        try
        {
            var version = await registry.ResolveAsync(reference, ct);
            return FromPath(reference, version.ArtifactPath, version.Reference);
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException($"model '{reference}' not found: {e.Message}", e);
        }
    }

    private static ResolvedModel FromPath(string reference, string path, string? version)
    {
        var card = ModelLoader.ReadCard(path);
        var directory = ModelLoader.FolderOf(path);
        var file = System.IO.Path.Combine(directory, card.File);
        if (!File.Exists(file))
            throw new InvalidInputException($"{file}: model file named in model.json is missing");
        return new ResolvedModel(reference, path, version, FileHash.Sha256(file));
    }
}
