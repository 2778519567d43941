namespace MlOps.CiHosts;

/// <summary>Picks the host from the variables each CI system sets on every job.</summary>
public static class CiHostDetector
{
    public static ICiHost FromEnvironment(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    {
        if (string.Equals(getEnv("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
            return new AzurePipelinesHost(getEnv, stdout, stderr);
        if (getEnv("GITHUB_ACTIONS") == "true")
            return new GitHubActionsHost(getEnv, stdout, stderr);
        return new LocalHost(getEnv, stdout, stderr);
    }

    public static ICiHost FromEnvironment() =>
        FromEnvironment(Environment.GetEnvironmentVariable, Console.Out, Console.Error);
}
