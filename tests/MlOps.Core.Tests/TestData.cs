namespace MlOps.Core.Tests;

internal static class TestData
{
    /// <summary>../shared/datasets next to the repository (tests may read it; users get copies under examples/).</summary>
    public static string SharedDatasets
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("shared/datasets not found above the test directory");
        }
    }
}
