using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// Which files of a published mlops-serve go into the app layer: of those its deps.json names (nothing else that
/// happens to be in the folder), the managed assemblies mlops-serve.dll can reach through assembly references plus
/// those loaded by name at run time, and the native files less those a running server never loads: debugger and dump
/// helpers, tracing and standalone-GC libraries, native debug symbols, and the native runtime of the model format the
/// image does not serve. So ASP.NET MVC, Razor, SignalR, Microsoft.VisualBasic.Core and the like, which a
/// self-contained publish copies whole from the shared frameworks, stay out. Whole files only: nothing is trimmed inside an assembly (trimming breaks Kestrel,
/// containers.md); the same publish gives the same files.
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

    /// <summary>
    /// Loaded by the runtime itself, before and outside any assembly reference: CoreLib is the first assembly the
    /// host loads. Booting the server with each kind of model and calling every endpoint (bad input, /metrics, request
    /// log and graceful stop included), with an AssemblyLoad hook, loaded nothing else outside the closure.
    /// </summary>
    public static readonly string[] RuntimeLoaded = ["System.Private.CoreLib"];

    /// <summary>
    /// ML.NET assemblies loaded by name for every ML.NET model: those the models of every trainer mlops trains
    /// (fasttree, lightgbm, linear; binary, multiclass via one-versus-all, regression) name for their parts, found by
    /// booting the server with each. The model being packaged adds what its own parts name
    /// (<see cref="MlOps.Models.MlNet.MlNetComponentAssemblies"/>).
    /// </summary>
    public static readonly string[] MlNetLoadedByName =
        ["Microsoft.ML.Data", "Microsoft.ML.Transforms", "Microsoft.ML.FastTree", "Microsoft.ML.LightGbm", "Microsoft.ML.StandardTrainers", "Microsoft.ML.CpuMath"];

    /// <summary>
    /// The relative paths ('/'-separated) of <paramref name="appDirectory"/> the image of a <paramref name="modelFormat"/> model needs:
    /// of the managed assemblies its deps.json names, the reference closure of mlops-serve.dll and of those loaded by name
    /// (<see cref="AssemblyReferenceClosure"/>; the satellite resources of those only), and its native files less <see cref="Diagnostics"/>,
    /// the other format's native runtime and native debug symbols.
    /// </summary>
    /// <param name="namedByModel">Assemblies the model itself names (simple name → where), loaded by name when it is opened.</param>
    public static IReadOnlySet<string> For(string appDirectory, string modelFormat, IReadOnlyDictionary<string, string>? namedByModel = null)
    {
        var listed = Listed(Path.Combine(appDirectory, $"{PublishedApp.Executable}.deps.json"))
            .Where(a => File.Exists(Path.Combine(appDirectory, a.Path))).ToList();
        var assemblies = listed.Where(a => a.Kind == DepsAssetKind.Managed).DistinctBy(a => Path.GetFileNameWithoutExtension(a.Path))
            .ToDictionary(a => Path.GetFileNameWithoutExtension(a.Path), a => a.Path, StringComparer.Ordinal);
        foreach (var (name, where) in namedByModel ?? new Dictionary<string, string>())
            if (!assemblies.ContainsKey(name))
                throw new InvalidInputException($"{where}: the model needs {name}, which the published server in {appDirectory} does not have; " +
                                                "a part of an ML.NET version or package mlops does not serve (retrain it with `mlops train`)");
        IEnumerable<string> roots = [PublishedApp.Executable, .. RuntimeLoaded, .. modelFormat == "onnx" ? [] : MlNetLoadedByName, .. namedByModel?.Keys ?? []];
        var managed = AssemblyReferenceClosure.Of(appDirectory, assemblies, roots);
        var reached = managed.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);

        var notLoaded = new HashSet<string>(Diagnostics, StringComparer.Ordinal);
        notLoaded.UnionWith(modelFormat == "onnx" ? MlNetNative : OnnxRuntimeNative);
        var needed = new SortedSet<string>(managed, StringComparer.Ordinal)
        {
            PublishedApp.Executable, $"{PublishedApp.Executable}.deps.json", $"{PublishedApp.Executable}.runtimeconfig.json",
        };
        foreach (var asset in listed)
        {
            var keep = asset.Kind switch
            {
                DepsAssetKind.Native => !notLoaded.Contains(asset.Path) && !asset.Path.EndsWith(".dbg", StringComparison.Ordinal),
                DepsAssetKind.Resources => reached.Contains(SatelliteOf(asset.Path)),
                _ => false,
            };
            if (keep) needed.Add(asset.Path);
        }
        return needed;
    }

    /// <summary>The assembly a satellite resource file (CULTURE/NAME.resources.dll) belongs to: its resources are looked up by NAME at run time.</summary>
    private static string SatelliteOf(string path)
    {
        var file = Path.GetFileNameWithoutExtension(path);
        return file.EndsWith(".resources", StringComparison.Ordinal) ? file[..^".resources".Length] : file;
    }

    /// <summary>
    /// The files a self-contained deps.json puts in the app folder: runtime and native assets by file name,
    /// satellite assemblies under their culture's folder (how `dotnet publish` lays them out).
    /// </summary>
    public static IEnumerable<DepsAsset> Listed(string depsJson)
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
            foreach (var (property, kind) in new[] { ("runtime", DepsAssetKind.Managed), ("native", DepsAssetKind.Native) })
                if (library.Value.TryGetProperty(property, out var assets))
                    foreach (var asset in assets.EnumerateObject())
                        yield return new DepsAsset(Path.GetFileName(asset.Name), kind);
            if (library.Value.TryGetProperty("resources", out var resources))
                foreach (var resource in resources.EnumerateObject())
                    if (resource.Value.TryGetProperty("locale", out var locale))
                        yield return new DepsAsset($"{locale.GetString()}/{Path.GetFileName(resource.Name)}", DepsAssetKind.Resources);
        }
    }
}
