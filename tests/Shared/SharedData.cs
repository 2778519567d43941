namespace MlOps.Testing;

/// <summary>
/// The shared/datasets folder beside the repository (tests may read it; users get copies under examples/).
/// Compiled into every test project by Directory.Build.props.
/// </summary>
internal static class SharedData
{
    public static string Folder
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

    public static string Dataset(string file) => Path.Combine(Folder, file);
}
