using System.Globalization;

namespace MlOps.Steps.Tests.Compare;

/// <summary>Hand-made request logs and labels files in a temp folder, written as the scoring server and a user would.</summary>
public sealed class OnlineLogs : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-online-").FullName;

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>One binary request per (id, probability); the time increases by a second per line, latency from the list.</summary>
    public string BinaryLog(string name, string version, IEnumerable<(string Id, double P)> requests, Func<int, double>? latency = null)
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var lines = requests.Select((r, i) =>
            $$"""{"time":"{{start.AddSeconds(i):O}}","requestId":"{{r.Id}}","modelVersion":"{{version}}","latencyMs":{{F(latency?.Invoke(i) ?? 1)}},"inputs":[{"x":1}],"outputs":[{"label":"{{(r.P >= 0.5 ? "yes" : "no")}}","probability":{{F(r.P)}}}]}""");
        return Write(name, string.Join("\n", lines) + "\n");
    }

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
