using MlOps.CiHosts;
using MlOps.Steps.Common;
using MlOps.Steps.Init;

namespace MlOps.Steps.Tests.Init;

/// <summary>An empty folder standing for a user's repository, and init run into it; deleted after the test.</summary>
public sealed class InitFolder : IDisposable
{
    public InitFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-init-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public StringWriter Out { get; } = new();

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), content);
    }

    public InitResult Init(InitOptions options, IReadOnlyList<BundledFile>? bundled = null) =>
        new InitStep(new StepContext(new LocalHost(_ => null, Out, Out), Out), bundled).Run(options with { Directory = Root });

    public InitResult Init(RepoHost? host = RepoHost.GitHub, bool force = false) => Init(new InitOptions(Root, host, Force: force));

    /// <summary>Every file under the folder, relative and '/'-separated, in order.</summary>
    public List<string> Files() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
