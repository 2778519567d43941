using MlOps.CiHosts;

namespace MlOps.Steps.Common;

/// <summary>What every step is given instead of reading the environment: the CI host and the terminal.</summary>
public sealed record StepContext(ICiHost Host, TextWriter Out)
{
    public void Say(string line) => Out.WriteLine(Host.Redact(line));
}
