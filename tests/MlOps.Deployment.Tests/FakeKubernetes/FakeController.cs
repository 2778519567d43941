using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Deployment.Tests.FakeKubernetes;

/// <summary>
/// The fake's Deployment controller, run one pass per read of a Deployment (the caller holds the API's lock). Like the
/// real one it observes a new generation by finding or making the ReplicaSet of the pod template (the next revision
/// number; an old template's ReplicaSet comes back with a new number, which is how rollbacks look), then scales the new
/// ReplicaSet up one pod per pass and the old ones down without going below the desired ready count (maxUnavailable 0).
/// A new ReplicaSet whose pods never get ready makes the Progressing condition ProgressDeadlineExceeded after
/// <see cref="FakeKubernetesApi.DeadlineTicks"/> passes.
/// </summary>
internal sealed class FakeController(FakeKubernetesApi api)
{
    private readonly Dictionary<string, List<FakeReplicaSet>> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _deployments = new(StringComparer.Ordinal);

    public IReadOnlyList<FakeReplicaSet> Sets(string key) => _sets.GetValueOrDefault(key) ?? [];

    /// <summary>A create or update of a Deployment: generation bumped when the spec changed; status and revision kept.</summary>
    public void Accept(string key, JsonObject body, JsonObject? current)
    {
        var meta = body["metadata"]!.AsObject();
        var changed = current is null || !JsonNode.DeepEquals(Canonical(body["spec"]), Canonical(current["spec"]));
        var generation = Number(current?["metadata"]?["generation"]);
        meta["generation"] = changed ? generation + 1 : generation;
        body["status"] = current?["status"]?.DeepClone() ?? new JsonObject { ["observedGeneration"] = 0 };
        var revision = current?["metadata"]?["annotations"]?[AksRevisionKey]?.DeepClone();
        if (revision is not null) (meta["annotations"] ??= new JsonObject()).AsObject()[AksRevisionKey] = revision;
        _deployments[key] = body;
        _sets.TryAdd(key, []);
    }

    public void Forget(string key)
    {
        _sets.Remove(key);
        _deployments.Remove(key);
    }

    private const string AksRevisionKey = "deployment.kubernetes.io/revision";

    public void Pass(string key)
    {
        // The stored object itself (the one the API answers): the controller writes its status and revision into it.
        if (!_deployments.TryGetValue(key, out var deployment)) return;
        var sets = _sets[key];
        var status = deployment["status"]!.AsObject();
        var generation = Number(deployment["metadata"]!["generation"]);
        if (Number(status["observedGeneration"]) < generation)
        {
            Observe(deployment, sets);
            status["observedGeneration"] = generation;
            SetProgressing(status, "True", "ReplicaSetUpdated", $"ReplicaSet \"{Newest(sets).Name}\" is progressing.");
            UpdateStatus(deployment, sets);
            return;
        }
        var rs = Newest(sets);
        if (rs is null) return;
        var desired = (int)(deployment["spec"]!["replicas"] is null ? 1 : Number(deployment["spec"]!["replicas"]));
        rs.Ticks++;
        switch (api.Behavior(rs.Image))
        {
            case ImageBehavior.Healthy or ImageBehavior.FailsSmokeTest:
                rs.Ready = Math.Min(rs.Replicas, desired);
                rs.Replicas = Math.Min(desired, rs.Replicas + 1);
                var keep = Math.Max(0, desired - rs.Ready);
                foreach (var old in sets.Where(s => s != rs).OrderByDescending(s => s.Revision))
                {
                    old.Replicas = Math.Min(old.Replicas, keep);
                    old.Ready = Math.Min(old.Ready, old.Replicas);
                    keep -= old.Replicas;
                }
                break;
            default:
                rs.Replicas = Math.Max(rs.Replicas, 1);
                rs.Ready = 0;
                if (rs.Ticks >= api.DeadlineTicks)
                    SetProgressing(status, "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rs.Name}\" has timed out progressing.");
                break;
        }
        UpdateStatus(deployment, sets);
    }

    private void Observe(JsonObject deployment, List<FakeReplicaSet> sets)
    {
        var template = (JsonObject)deployment["spec"]!["template"]!.DeepClone();
        var hash = Hash(template);
        var rs = sets.FirstOrDefault(s => s.Hash == hash);
        if (rs is null)
        {
            var image = (string)template["spec"]!["containers"]![0]!["image"]!;
            rs = new FakeReplicaSet($"{deployment["metadata"]!["name"]}-{hash}", hash, template, image);
            sets.Add(rs);
        }
        var max = sets.Max(s => s.Revision);
        if (rs.Revision == 0 || rs.Revision < max) rs.Revision = max + 1;
        rs.Ticks = 0;
        rs.ChangeCause = (string?)deployment["metadata"]!["annotations"]?["kubernetes.io/change-cause"];
        (deployment["metadata"]!["annotations"] ??= new JsonObject()).AsObject()[AksRevisionKey] = rs.Revision.ToString();
    }

    private static void UpdateStatus(JsonObject deployment, List<FakeReplicaSet> sets)
    {
        var status = deployment["status"]!.AsObject();
        var rs = Newest(sets);
        var desired = (int)(deployment["spec"]!["replicas"] is null ? 1 : Number(deployment["spec"]!["replicas"]));
        status["replicas"] = sets.Sum(s => s.Replicas);
        status["updatedReplicas"] = rs?.Replicas ?? 0;
        status["readyReplicas"] = sets.Sum(s => s.Ready);
        status["availableReplicas"] = sets.Sum(s => s.Ready);
        if (rs is not null && rs.Ready == desired && sets.All(s => s == rs || s.Replicas == 0))
            SetProgressing(status, "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rs.Name}\" has successfully progressed.");
    }

    private static void SetProgressing(JsonObject status, string value, string reason, string message)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        status["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Progressing", ["status"] = value, ["reason"] = reason, ["message"] = message,
            ["lastUpdateTime"] = now, ["lastTransitionTime"] = now,
        });
    }

    /// <summary>Numbers parsed from JSON are longs, those written by the fake ints: read either.</summary>
    private static long Number(JsonNode? node) => node is null ? 0 : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static FakeReplicaSet? Newest(List<FakeReplicaSet> sets) => sets.MaxBy(s => s.Revision);

    public JsonArray ReplicaSetObjects(string ns)
    {
        var items = new JsonArray();
        foreach (var (key, sets) in _sets.Where(s => s.Key.Split('/')[1] == ns))
        {
            var deployment = _deployments[key];
            foreach (var rs in sets)
            {
                var template = PodTemplate(rs);
                var annotations = new JsonObject { [AksRevisionKey] = rs.Revision.ToString() };
                if (rs.ChangeCause is not null) annotations["kubernetes.io/change-cause"] = rs.ChangeCause;
                items.Add(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ReplicaSet",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = rs.Name, ["namespace"] = ns, ["labels"] = template["metadata"]!["labels"]!.DeepClone(), ["annotations"] = annotations,
                        ["ownerReferences"] = new JsonArray(new JsonObject
                        {
                            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment["metadata"]!["name"]!.DeepClone(),
                            ["uid"] = deployment["metadata"]!["uid"]!.DeepClone(), ["controller"] = true,
                        }),
                    },
                    ["spec"] = new JsonObject { ["replicas"] = rs.Replicas, ["template"] = template },
                    ["status"] = new JsonObject { ["replicas"] = rs.Replicas, ["readyReplicas"] = rs.Ready, ["availableReplicas"] = rs.Ready },
                });
            }
        }
        return items;
    }

    public JsonArray Pods(string ns, string selector)
    {
        var wanted = selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var items = new JsonArray();
        foreach (var (rs, name) in PodsOf(ns))
        {
            var template = PodTemplate(rs);
            var labels = template["metadata"]!["labels"]!.AsObject();
            if (!wanted.All(w => (string?)labels[w.Key] == w.Value)) continue;
            var index = int.Parse(name[(name.LastIndexOf('-') + 2)..]);
            items.Add(Pod(ns, name, rs, labels, ready: index < rs.Ready));
        }
        return items;
    }

    public string? Log(string ns, string pod, bool previous)
    {
        var rs = PodsOf(ns).FirstOrDefault(p => p.Name == pod).Rs;
        if (rs is null) return null;
        // A crash-looping container writes the same lines on every run, the previous one included.
        if (api.Behavior(rs.Image) == ImageBehavior.CrashLoop) return api.CrashLog;
        return previous ? null : $"mlops-serve listening on http://0.0.0.0:8080\nmodel {rs.Image} loaded\n";
    }

    public IEnumerable<string> ReadyImages(string ns, JsonObject selector) =>
        _sets.Where(s => s.Key.Split('/')[1] == ns).SelectMany(s => s.Value)
            .Where(rs => rs.Ready > 0 && selector.All(kv => (string?)rs.Template["metadata"]!["labels"]![kv.Key] == (string?)kv.Value))
            .Select(rs => rs.Image);

    private IEnumerable<(FakeReplicaSet Rs, string Name)> PodsOf(string ns) =>
        _sets.Where(s => s.Key.Split('/')[1] == ns).SelectMany(s => s.Value)
            .SelectMany(rs => Enumerable.Range(0, rs.Replicas).Select(i => (rs, $"{rs.Name}-p{i}")));

    private JsonObject Pod(string ns, string name, FakeReplicaSet rs, JsonObject labels, bool ready)
    {
        var behavior = api.Behavior(rs.Image);
        var container = new JsonObject
        {
            ["name"] = "scoring", ["image"] = rs.Image, ["imageID"] = "", ["ready"] = ready,
            ["restartCount"] = behavior == ImageBehavior.CrashLoop ? rs.Ticks : 0,
        };
        if (behavior == ImageBehavior.CrashLoop)
        {
            container["state"] = new JsonObject
            {
                ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off 40s restarting failed container=scoring pod={name}" },
            };
            container["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 134, ["reason"] = "Error" } };
        }
        else container["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-01T00:00:00Z" } };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels.DeepClone() },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(container),
            },
        };
    }

    private static JsonObject PodTemplate(FakeReplicaSet rs)
    {
        var template = (JsonObject)rs.Template.DeepClone();
        (template["metadata"]!["labels"] ??= new JsonObject()).AsObject()["pod-template-hash"] = rs.Hash;
        return template;
    }

    private static string Hash(JsonObject template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(template)!.ToJsonString())))[..10];

    /// <summary>Keys sorted at every level: the same template sent twice in another key order is the same revision.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
