using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// Which files of a published mlops-serve go into the app layer: those its deps.json names (nothing else that happens
/// to be in the folder), less the files a running server never loads:
/// debugger and dump helpers, tracing and standalone-GC libraries, native debug symbols, and the native runtime of
/// the model format the image does not serve. Whole files only: nothing is trimmed inside an assembly (trimming
/// breaks Kestrel, containers.md).
/// </summary>
public static class ServerAppFiles
{
    /// <summary>Loaded only by createdump, a debugger, LTTng tracing (DOTNET_LTTng) or DOTNET_GCName, never by the server.</summary>
    public static readonly string[] Diagnostics =
        ["createdump", "libmscordaccore.so", "libmscordbi.so", "libcoreclrtraceptprovider.so", "libclrgc.so", "libclrgcexp.so"];

    /// <summary>ONNX Runtime's native engine: an ML.NET model never creates an inference session, so it is never loaded.</summary>
    public static readonly string[] OnnxRuntimeNative = ["libonnxruntime.so", "libonnxruntime_providers_shared.so"];

    /// <summary>ML.NET's native trainers and transforms: an ONNX model never touches ML.NET.</summary>
    public static readonly string[] MlNetNative = ["lib_lightgbm.so", "libLdaNative.so", "libFastTreeNative.so", "libCpuMathNative.so", "libSymSgdNative.so", "libMklImports.so"];

    /// <summary>The relative paths ('/'-separated) of <paramref name="appDirectory"/> the image of a <paramref name="modelFormat"/> model needs.</summary>
    public static IReadOnlySet<string> For(string appDirectory, string modelFormat)
    {
        var notLoaded = new HashSet<string>(Diagnostics, StringComparer.Ordinal);
        notLoaded.UnionWith(modelFormat == "onnx" ? MlNetNative : OnnxRuntimeNative);
        var needed = new SortedSet<string>(StringComparer.Ordinal)
        {
            PublishedApp.Executable, $"{PublishedApp.Executable}.deps.json", $"{PublishedApp.Executable}.runtimeconfig.json",
        };
        foreach (var file in Listed(Path.Combine(appDirectory, $"{PublishedApp.Executable}.deps.json")))
            if (!notLoaded.Contains(file) && !file.EndsWith(".dbg", StringComparison.Ordinal) && File.Exists(Path.Combine(appDirectory, file)))
                needed.Add(file);
        return needed;
    }

    /// <summary>
    /// The files a self-contained deps.json puts in the app folder: runtime and native assets by file name,
    /// satellite assemblies under their culture's folder (how `dotnet publish` lays them out).
    /// </summary>
    public static IEnumerable<string> Listed(string depsJson)
    {
        JsonElement target;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(depsJson));
            var name = doc.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString()!;
            target = doc.RootElement.GetProperty("targets").GetProperty(name).Clone();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidInputException($"{depsJson}: not a .NET deps.json with a runtime target ({e.Message}); publish again with: {PublishedApp.PublishCommand}");
        }
        foreach (var library in target.EnumerateObject())
        {
            foreach (var kind in new[] { "runtime", "native" })
                if (library.Value.TryGetProperty(kind, out var assets))
                    foreach (var asset in assets.EnumerateObject())
                        yield return Path.GetFileName(asset.Name);
            if (library.Value.TryGetProperty("resources", out var resources))
                foreach (var resource in resources.EnumerateObject())
                    if (resource.Value.TryGetProperty("locale", out var locale))
                        yield return $"{locale.GetString()}/{Path.GetFileName(resource.Name)}";
        }
    }
}
