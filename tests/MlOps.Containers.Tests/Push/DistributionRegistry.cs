using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Containers.Tests.Push;

/// <summary>
/// A real registry for a test: Debian's docker-registry (CNCF distribution 2.8) on 127.0.0.1 with a random port and a
/// temp storage folder, anonymous or with an htpasswd (bcrypt, from apache2-utils' htpasswd) user. A missing binary
/// fails the test with the package to install (./test.sh installs both); it is never skipped.
/// </summary>
internal sealed partial class DistributionRegistry : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    private readonly Process _process;

    private DistributionRegistry(string root, Process process)
    {
        Root = root;
        _process = process;
    }

    public string Root { get; }

    /// <summary>127.0.0.1:PORT.</summary>
    public string Host { get; private set; } = "";

    public static async Task<DistributionRegistry> StartAsync(string? user = null, string? password = null)
    {
        if (!File.Exists(Binary)) Assert.Fail($"{Binary} is missing: apt-get install docker-registry apache2-utils (./test.sh installs them)");
        var root = Path.Combine(Path.GetTempPath(), "mlops-registry-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var auth = "";
        if (user is not null)
        {
            var htpasswd = Run("htpasswd", "-Bbn", user, password!);
            File.WriteAllText(Path.Combine(root, "htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: mlops-test\n    path: {root}/htpasswd\n";
        }
        File.WriteAllText(Path.Combine(root, "registry.yml"),
            $"version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {root}/data\n"
            + $"  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:0\n  secret: mlops-test-secret\n{auth}");
        var start = new ProcessStartInfo(Binary, ["serve", Path.Combine(root, "registry.yml")])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        var port = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) port.TrySetResult(m.Groups[1].Value);
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new DistributionRegistry(root, process);
        if (await Task.WhenAny(port.Task, Task.Delay(TimeSpan.FromSeconds(20))) != port.Task)
        {
            registry.Dispose();
            lock (log) Assert.Fail($"docker-registry did not report its port within 20 s:\n{log}");
        }
        registry.Host = "127.0.0.1:" + port.Task.Result;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await http.GetAsync($"http://{registry.Host}/v2/");
                return registry; // 200, or 401 with auth: it answers
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        registry.Dispose();
        throw new TimeoutException("docker-registry did not answer /v2/");
    }

    /// <summary>The sha256 digests of every blob the registry stores (its filesystem driver's blobs/sha256/XX/HEX/data).</summary>
    public IReadOnlyList<string> StoredBlobs()
    {
        var folder = Path.Combine(Root, "data", "docker", "registry", "v2", "blobs", "sha256");
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "data", SearchOption.AllDirectories)
            .Select(f => "sha256:" + Path.GetFileName(Path.GetDirectoryName(f)!)).Order(StringComparer.Ordinal).ToList();
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Fail($"{file} is missing: apt-get install apache2-utils (./test.sh installs it)"); throw; }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(20_000) || process.ExitCode != 0) Assert.Fail($"{file} failed: {process.StandardError.ReadToEnd()}");
            return output;
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
