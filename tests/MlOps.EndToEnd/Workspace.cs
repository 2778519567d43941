namespace MlOps.EndToEnd;

/// <summary>A temporary project folder with an mlops.yml; deleted after the test.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public CliRun Mlops(params string[] args) => MlOpsCli.Run(Root, args);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    public static string Dataset(string file) => SharedData.Dataset(file);

    /// <summary>Splits a shared CSV into train/test files in the workspace: every fifth data row goes to test.</summary>
    public (string Train, string Test) Split(string file)
    {
        var lines = File.ReadAllLines(Dataset(file));
        var rows = lines.Skip(1).ToList();
        var train = Write($"data/train_{file}", string.Join("\n", rows.Where((_, i) => i % 5 != 0).Prepend(lines[0])) + "\n");
        var test = Write($"data/test_{file}", string.Join("\n", rows.Where((_, i) => i % 5 == 0).Prepend(lines[0])) + "\n");
        return (train, test);
    }

    public const string AdultConfig = """
        model: { name: adult-income, task: binary-classification, label: income, positive: ">50K" }
        data:
          train: {TRAIN}
          test: {TEST}
          exclude: [fnlwgt]
        train: { backend: mlnet, seed: 42, mlnet: { trainer: fasttree, trees: 100, leaves: 20 } }
        evaluate:
          thresholds: { auc: ">= 0.80" }
          baseline: { alias: production, margin: { auc: 0.005, accuracy: 0.01 } }
        deploy:
          test: { target: local, port: 0 }
        """;

    public string WriteAdultConfig(string name = "mlops.yml") =>
        Write(name, AdultConfig.Replace("{TRAIN}", Dataset("adult_train.csv")).Replace("{TEST}", Dataset("adult_test.csv")));
}
