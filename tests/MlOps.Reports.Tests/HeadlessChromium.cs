using System.Diagnostics;

namespace MlOps.Reports.Tests;

/// <summary>
/// Runs Debian's headless Chromium on a local file, with everything that would reach the network switched off and a
/// fresh profile per run, bounded by a timeout after which the whole process tree is killed.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string htmlPath, params string[] mode)
    {
        if (!File.Exists(Executable))
            Assert.Fail($"{Executable} is missing: install the Debian package with `apt-get install -y chromium` (CI installs it).");
        var profile = Directory.CreateTempSubdirectory("mlops-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}", "--window-size=1200,2000", .. mode, new Uri(htmlPath).AbsoluteUri])
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            // Read both pipes while waiting: --dump-dom can fill the stdout pipe and block Chromium otherwise.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s and was killed");
            }
            return new Result(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* a crashed renderer may still hold a file */ }
        }
    }
}
