using System.Diagnostics;
using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Containers.Build;
using MlOps.Containers.Images;
using MlOps.Containers.Distribution;
using MlOps.Containers.Layers;
using MlOps.Containers.Output;
using MlOps.Containers.Rootfs;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.IO;
using MlOps.Models;
using MlOps.Models.MlNet;
using MlOps.Steps.Common;

namespace MlOps.Steps.Package;

/// <summary>
/// Builds the serving image of a model without a container engine: base layer (minimal rootfs from this host's
/// libraries), app layer (the published scoring server, mlops-serve, with only the files it loads), model layer
/// (the model folder), each cached by content, so a new model version rebuilds and pushes one small layer. Same inputs give the same digests.
/// </summary>
/// <param name="credentials">The push credential for a registry host (from the environment, see <see cref="RegistryCredentials"/>); anonymous when null.</param>
public sealed class PackageStep(StepContext context, Func<string, RegistryCredential>? credentials = null, RegistryClientOptions? registryOptions = null)
{
    public static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<PackageResult> RunAsync(PackageOptions options, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var config = options.ConfigPath is null ? null : ConfigLoader.Load(options.ConfigPath);
        var model = await ResolvedModel.ResolveAsync(options.ModelReference, RegistryLocator.Open(config, options.RegistryPath), ct);
        var card = ModelLoader.ReadCard(model.Path);
        var (modelName, modelVersion) = model.RegistryVersion is { } registered
            ? (registered[..registered.LastIndexOf(':')], registered[(registered.LastIndexOf(':') + 1)..])
            : (card.Name, "sha256-" + model.Sha256[..12]);
        var packaging = config?.Package ?? PackageSection.Default;
        var image = options.Tag is not null ? ImageName.Parse(options.Tag)
            : ImageName.Of(packaging.Repository ?? modelName, packaging.Tag(modelName, modelVersion), packaging == PackageSection.Default ? $"model '{modelName}'" : "package section of mlops.yml");
        var app = PublishedApp.Locate(options.AppDirectory ?? packaging.App);
        var appFiles = ServerAppFiles.For(app, card.Format, card.Format == "mlnet" ? MlNetComponentAssemblies.Of(ModelLoader.ModelFile(model.Path, card)) : null);
        var here = Directory.GetCurrentDirectory();
        var labels = PackageLabels.For(context.Host.Run, here, image, modelName, modelVersion, model.Sha256);
        var served = model.RegistryVersion ?? $"{modelName}:{modelVersion}";
        var spec = ServerImageSpec.For(served, labels, PackageLabels.Created(options.SourceDate, here));
        // Read before anything is built, so a missing or bad CSV fails in seconds, not after the layers.
        var push = options.NoPush ? null
            : options.Push is not null ? PushTarget.Parse(options.Push)
            : packaging.Registry is { } registry ? new PushTarget(registry, image.Repository, image.Tag) : null;
        var validationRows = options.Validate ? ValidationRows.From(ValidationData(options, config), model.Path, ImageValidator.DefaultRows) : null;

        using var output = new PackageOutput(options.OutputDirectory);
        context.Say($"packaging {model.Reference} as {image} (app {app}); hashing layer contents");
        var layers = new[]
        {
            MinimalRootfs.Build([.. appFiles.Select(f => Path.Combine(app, f))]),
            new LayerContent("app", LayerContent.FromDirectory(app, ServerImageSpec.AppPath, keepExecutableBit: true, appFiles.Contains)),
            new LayerContent("model", LayerContent.FromDirectory(ModelLoader.FolderOf(model.Path), ServerImageSpec.ModelPath, keepExecutableBit: false)),
        };
        var cache = new LayerCache(options.CacheDirectory ?? packaging.Cache ?? Path.Combine(".mlops", "cache", "layers"));
        var built = await new ImageBuilder(cache, context.Say).BuildAsync(image.Repository, image.Tag, layers, spec, ct);

        ct.ThrowIfCancellationRequested();
        string? ociLayout = null, dockerArchive = null;
        if (options.Format.WritesOci())
        {
            OciLayoutWriter.Write(built, output.StagedPath("oci"));
            ociLayout = output.FinalPath("oci");
            context.Say($"OCI layout written ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
        if (options.Format.WritesDockerArchive())
        {
            DockerArchiveWriter.Write(built, output.StagedPath("image.tar"));
            dockerArchive = output.FinalPath("image.tar");
            context.Say($"docker-archive written ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
        var buildSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        context.Say($"built {image} {built.ManifestDigest} in {buildSeconds:0.0} s: {built.CompressedSize / 1e6:0.0} MB compressed ("
            + string.Join(", ", built.Layers.Select(l => $"{l.Name} {l.Size / 1e6:0.0} MB")) + ")");

        ImageValidation? validation = null;
        if (validationRows is not null)
        {
            // podman names an OCI layout folder after its path, which a staging folder's name is not valid as; an
            // archive beside the output is always loadable and is deleted again (or with the staging folder on failure).
            var archive = output.StagedPath("image.tar");
            if (dockerArchive is null) DockerArchiveWriter.Write(built, archive);
            validation = await new ImageValidator(context).ValidateAsync(archive,
                ["--model", ServerImageSpec.ModelPath, "--name", served], validationRows, built.CompressedSize,
                built.Layers.Sum(l => l.UncompressedSize), options.ReadyTimeout ?? TimeSpan.FromSeconds(60), ct);
            if (dockerArchive is null) File.Delete(archive);
            Report(image, validation);
        }

        var result = new PackageResult(image.ToString(), modelName, modelVersion, built.ManifestDigest, built.ConfigDigest,
            built.Layers.Select(l => new PackageLayer(l.Name, l.Digest, l.DiffId, l.Size, l.UncompressedSize, l.Reused)).ToList(),
            built.CompressedSize, ociLayout, dockerArchive, labels, buildSeconds, validation);
        File.WriteAllText(output.StagedPath(PackageOutput.ResultFile), JsonSerializer.Serialize(result, ResultJson));
        output.Commit();
        context.Host.SetOutput("image", result.Image);
        context.Host.SetOutput("image_digest", result.ManifestDigest);
        if (ociLayout is not null) context.Host.SetOutput("oci_layout", ociLayout);
        if (dockerArchive is not null) context.Host.SetOutput("docker_archive", dockerArchive);
        context.Say($"  written to {output.Directory}");
        if (validation is { Passed: false }) context.Host.LogIssue(IssueSeverity.Error, $"image validation failed: {validation.Verdict}");

        // Pushed after the output is in place, so a failed push (exit 2 or 3) leaves the built image to push again.
        if (push is not null && validation is { Passed: false })
            context.Say($"push: not pushing to {push}: the image failed validation");
        else if (push is not null)
        {
            result = result with { Push = await PushAsync(built, push, ct) };
            AtomicFile.Write(output.FinalPath(PackageOutput.ResultFile), JsonSerializer.Serialize(result, ResultJson));
            context.Host.SetOutput("pushed_image", $"{result.Push.Reference}@{result.Push.ManifestDigest}");
        }
        return result;
    }

    /// <summary>
    /// Pushes after the build (and the boot check): blobs the registry has are skipped, so a model-only change
    /// uploads little more than the model layer; the ratio is printed against it.
    /// </summary>
    private async Task<PushResult> PushAsync(BuiltImage built, PushTarget target, CancellationToken ct)
    {
        var credential = credentials?.Invoke(target.Registry) ?? RegistryCredential.Anonymous;
        context.Say($"push: {target.Registry}/{target.Repository}:{target.Tag ?? built.Tag} with {credential.Source}");
        using var client = new RegistryClient(target.Registry, credential, registryOptions);
        var result = await new ImagePusher(client, context.Say).PushAsync(built, target.Repository, target.Tag ?? built.Tag, ct);
        var model = built.Layers.Last();
        context.Say($"push: uploaded {result.BytesUploaded / 1e6:0.00} MB = {(double)result.BytesUploaded / model.Size:0.00}× the model layer ({model.Size / 1e6:0.00} MB)");
        return result;
    }

    private static string ValidationData(PackageOptions options, MlOpsConfig? config) =>
        options.ValidationData is not null ? Path.GetFullPath(options.ValidationData)
        : config?.Data.Test ?? throw new InvalidInputException("--validate needs test rows: give --data CSV, or a mlops.yml with data.test");

    private void Report(ImageName image, ImageValidation v)
    {
        context.Say($"validate: {(v.Passed ? "passed" : "FAILED")}: {v.Verdict}");
        if (v.P50Milliseconds is not null)
            context.Say($"  latency p50 {v.P50Milliseconds:0.0} ms, p99 {v.P99Milliseconds:0.0} ms; memory {v.MemoryBytes / 1e6:0.0} MB; "
                + $"image {v.CompressedSize / 1e6:0.0} MB compressed, {v.UncompressedSize / 1e6:0.0} MB unpacked");
        var ready = v.ReadySeconds is { } r ? $"{r:0.00} s" : "never";
        context.Host.UploadSummary(
            $"### Image validation: {(v.Passed ? "passed" : "failed")}\n`{image}`: {v.Verdict}\n\n"
            + "| ready | rows | mismatches | p50 | p99 | memory | compressed | unpacked |\n|---|---|---|---|---|---|---|---|\n"
            + $"| {ready} | {v.Rows} | {v.Mismatches} | {v.P50Milliseconds} ms | {v.P99Milliseconds} ms | {v.MemoryBytes / 1e6:0.0} MB "
            + $"| {v.CompressedSize / 1e6:0.0} MB | {v.UncompressedSize / 1e6:0.0} MB |\n");
    }
}
