using System.Text.Json.Nodes;

namespace MlOps.Containers.Tests.Push;

/// <summary>The recorded ACR data-plane examples in shared/fixtures (read at test time, never copied).</summary>
internal static class AcrFixtures
{
    public static JsonObject Load(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "fixtures", "azure", "containerregistry-dataplane", "2021-07-01", "examples", name);
            if (File.Exists(path)) return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        }
        throw new FileNotFoundException($"shared/fixtures/azure/containerregistry-dataplane/2021-07-01/examples/{name} not found above the test directory");
    }
}
