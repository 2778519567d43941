namespace MlOps.Steps.Tests.Package;

/// <summary>
/// A stand-in for `dotnet publish src/MlOps.Cli -r linux-x64`: the CLI at the top and mlops-serve in serve/, with a
/// deps.json shaped like a self-contained one, so packaging picks the server's files without a real publish.
/// </summary>
internal static class StandInPublish
{
    public static void Write(string app)
    {
        Write(app, "mlops", "stand-in CLI apphost");
        Write(app, "mlops.dll", "stand-in CLI assembly");
        Write(app, "libcoreclr.so", "stand-in CLI runtime");
        Write(app, "serve/mlops-serve", "stand-in server apphost");
        Write(app, "serve/mlops-serve.runtimeconfig.json", "{}");
        Write(app, "serve/mlops-serve.deps.json", ServerDeps);
        Write(app, "serve/notes.txt", "a file the deps.json does not name");
        foreach (var file in new[] { "mlops-serve.dll", "System.Private.CoreLib.dll", "libcoreclr.so", "createdump", "libonnxruntime.so",
                     "Microsoft.ML.LightGbm.dll", "lib_lightgbm.so", "libLdaNative.so.dbg", "de/CommandLine.resources.dll" })
            Write(app, $"serve/{file}", $"stand-in {file}");
    }

    private static void Write(string app, string relative, string content)
    {
        var path = Path.Combine(app, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The shape of a self-contained deps.json: runtime pack, packages with runtime, native and resource assets.</summary>
    private const string ServerDeps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0/linux-x64" },
          "targets": {
            ".NETCoreApp,Version=v10.0/linux-x64": {
              "mlops-serve/1.0.0": { "runtime": { "mlops-serve.dll": {} } },
              "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.0": {
                "runtime": { "System.Private.CoreLib.dll": {} },
                "native": { "libcoreclr.so": {}, "createdump": {} }
              },
              "Microsoft.ML.OnnxRuntime/1.31.1": { "native": { "runtimes/linux-x64/native/libonnxruntime.so": {} } },
              "Microsoft.ML.LightGbm/5.0.1": {
                "runtime": { "lib/netstandard2.0/Microsoft.ML.LightGbm.dll": {} },
                "native": { "runtimes/linux-x64/native/lib_lightgbm.so": {}, "runtimes/linux-x64/native/libLdaNative.so.dbg": {} }
              },
              "CommandLineParser/2.9.1": { "resources": { "lib/netstandard2.0/de/CommandLine.resources.dll": { "locale": "de" } } }
            }
          }
        }
        """;
}
