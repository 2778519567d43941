namespace MlOps.Steps.Tests.Package;

/// <summary>
/// A stand-in for `dotnet publish src/MlOps.Cli -r linux-x64`: the CLI at the top and mlops-serve in serve/, with a
/// deps.json shaped like a self-contained one and real (empty) assemblies referencing each other, so packaging picks
/// the server's files without a real publish.
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
        foreach (var file in new[] { "libcoreclr.so", "createdump", "libonnxruntime.so", "lib_lightgbm.so", "libLdaNative.so.dbg",
                     "de/CommandLine.resources.dll", "de/Microsoft.VisualBasic.Core.resources.dll" })
            Write(app, $"serve/{file}", $"stand-in {file}");
        // mlops-serve reaches CoreLib through the System.Runtime facade; LightGbm only ML.NET loads, by name;
        // VisualBasic and Xml nothing references.
        Assembly(app, "mlops-serve", "MlOps.Server", "CommandLine", "System.Runtime");
        Assembly(app, "MlOps.Server", "System.Runtime", "System.Missing.From.Publish");
        Assembly(app, "CommandLine", "System.Runtime");
        Assembly(app, "System.Runtime", "System.Private.CoreLib");
        Assembly(app, "System.Private.CoreLib");
        Assembly(app, "Microsoft.ML.LightGbm", "System.Runtime");
        Assembly(app, "Microsoft.ML.Mkl.Components", "System.Runtime"); // only a model that names it needs it
        Assembly(app, "Microsoft.VisualBasic.Core", "System.Runtime");
        Assembly(app, "System.Private.Xml", "System.Runtime");
    }

    private static void Assembly(string app, string name, params string[] references) =>
        StandInAssembly.Write(Path.Combine(app, "serve", name + ".dll"), name, references);

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
              "MlOps.Server/1.0.0": { "runtime": { "MlOps.Server.dll": {} } },
              "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.0": {
                "runtime": {
                  "System.Private.CoreLib.dll": {}, "System.Runtime.dll": {}, "System.Private.Xml.dll": {}, "Microsoft.VisualBasic.Core.dll": {}
                },
                "native": { "libcoreclr.so": {}, "createdump": {} },
                "resources": { "de/Microsoft.VisualBasic.Core.resources.dll": { "locale": "de" } }
              },
              "Microsoft.ML.OnnxRuntime/1.31.1": { "native": { "runtimes/linux-x64/native/libonnxruntime.so": {} } },
              "Microsoft.ML.LightGbm/5.0.1": {
                "runtime": { "lib/netstandard2.0/Microsoft.ML.LightGbm.dll": {} },
                "native": { "runtimes/linux-x64/native/lib_lightgbm.so": {}, "runtimes/linux-x64/native/libLdaNative.so.dbg": {} }
              },
              "Microsoft.ML.Mkl.Components/5.0.1": { "runtime": { "lib/netstandard2.0/Microsoft.ML.Mkl.Components.dll": {} } },
              "CommandLineParser/2.9.1": {
                "runtime": { "lib/netstandard2.0/CommandLine.dll": {} },
                "resources": { "lib/netstandard2.0/de/CommandLine.resources.dll": { "locale": "de" } }
              }
            }
          }
        }
        """;
}
