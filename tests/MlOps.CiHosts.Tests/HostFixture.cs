namespace MlOps.CiHosts.Tests;

/// <summary>A fake process for a host: its own environment, captured stdout/stderr and a scratch folder.</summary>
public abstract class HostFixture
{
    protected StringWriter Out = null!;
    protected StringWriter Err = null!;
    protected Dictionary<string, string> Vars = null!;
    protected string Temp = "";

    [SetUp]
    public void Fresh()
    {
        (Out, Err, Vars) = (new StringWriter(), new StringWriter(), new Dictionary<string, string>());
        Temp = Path.Combine(Path.GetTempPath(), "mlops-host-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Temp);
    }

    [TearDown]
    public void Clean()
    {
        Directory.Delete(Temp, true);
        Out.Dispose();
        Err.Dispose();
    }

    protected string? Env(string name) => Vars.GetValueOrDefault(name);

    protected string[] OutLines => SplitLines(Out);
    protected string[] ErrLines => SplitLines(Err);

    protected ICiHost Create(string name) => name switch
    {
        "azure-pipelines" => new AzurePipelinesHost(Env, Out, Err),
        "github-actions" => new GitHubActionsHost(Env, Out, Err),
        "local" => new LocalHost(Env, Out, Err),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    protected static readonly string[] AllHosts = ["azure-pipelines", "github-actions", "local"];

    private static string[] SplitLines(StringWriter writer) =>
        writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
