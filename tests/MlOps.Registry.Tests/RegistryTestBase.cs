namespace MlOps.Registry.Tests;

/// <summary>A fresh registry root and a model folder in a temp directory per test, removed afterwards.</summary>
public abstract class RegistryTestBase
{
    private string _directory = "";

    protected string Root { get; private set; } = "";

    /// <summary>model.bin (binary, not UTF-8 safe), sub/extra.txt and a hidden file: what a trained model folder looks like.</summary>
    protected string Source { get; private set; } = "";

    [SetUp]
    public void CreateFolders()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mlops-registry-" + Guid.NewGuid().ToString("N")[..12]);
        Root = Path.Combine(_directory, "registry");
        Source = Path.Combine(_directory, "model");
        Directory.CreateDirectory(Path.Combine(Source, "sub"));
        File.WriteAllBytes(Path.Combine(Source, "model.bin"), RandomBytes(300_000, seed: 1));
        File.WriteAllText(Path.Combine(Source, "sub", "extra.txt"), "extra");
        File.WriteAllText(Path.Combine(Source, ".hidden"), "also copied");
    }

    [TearDown]
    public void DeleteFolders()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    protected LocalModelRegistry Registry(TimeSpan? lockTimeout = null) => new(Root, lockTimeout);

    /// <summary>A folder beside the registry for extra sources.</summary>
    protected string Scratch(string name)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(path);
        return path;
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static async Task<RegistryException> Fails(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<RegistryException>(async () => await action());
        return error!;
    }

    protected static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
