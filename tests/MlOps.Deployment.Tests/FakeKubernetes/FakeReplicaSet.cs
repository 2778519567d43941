using System.Text.Json.Nodes;

namespace MlOps.Deployment.Tests.FakeKubernetes;

/// <summary>A ReplicaSet the fake controller made for a Deployment's pod template, with the pods it runs.</summary>
internal sealed class FakeReplicaSet(string name, string hash, JsonObject template, string image)
{
    public string Name { get; } = name;
    public string Hash { get; } = hash;
    public JsonObject Template { get; } = template;
    public string Image { get; } = image;
    public int Revision { get; set; }
    public string? ChangeCause { get; set; }

    /// <summary>Pods it runs, and how many of them are ready.</summary>
    public int Replicas { get; set; }
    public int Ready { get; set; }

    /// <summary>Controller passes since it became the Deployment's new ReplicaSet (restarts of a crash-looping pod grow with it).</summary>
    public int Ticks { get; set; }
}
