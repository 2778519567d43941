using System.Text.Json;
using MlOps.Core.Errors;
using MlOps.Steps.Package;

namespace MlOps.Steps.Deploy;

/// <summary>The image and model an earlier `mlops package` wrote to its output folder's package.json.</summary>
public sealed record PackagedImage(string Image, string ModelReference)
{
    public static PackagedImage Read(string directory)
    {
        var file = Path.Combine(directory, PackageOutput.ResultFile);
        if (!File.Exists(file))
            throw new InvalidInputException($"--package {directory}: no {PackageOutput.ResultFile}; pass the --output folder of 'mlops package'");
        try
        {
            var result = JsonSerializer.Deserialize<PackageResult>(File.ReadAllText(file), PackageStep.ResultJson);
            return result is { Image.Length: > 0, Model.Length: > 0 }
                ? new PackagedImage(result.Push is { } push ? PinnedReference(push.Reference, push.ManifestDigest) : result.Image,
                    $"{result.Model}:{result.ModelVersion}")
                : throw new InvalidInputException($"{file}: no image or model in it; rebuild it with 'mlops package'");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{file}:{e.LineNumber + 1}: not a package.json of 'mlops package': {e.Message}", e);
        }
    }

    /// <summary>
    /// REGISTRY/REPO:TAG pushed as DIGEST → REGISTRY/REPO@DIGEST: a cloud target then runs exactly the image that was
    /// built and validated, even if the tag is moved later.
    /// </summary>
    internal static string PinnedReference(string reference, string digest)
    {
        var pushed = PushTarget.Parse(reference, "package.json push.reference");
        return $"{pushed.Registry}/{pushed.Repository}@{digest}";
    }
}
