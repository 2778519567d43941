using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>A model container (the model's name) with its tags; <see cref="ETag"/> guards read-modify-write of the tags.</summary>
public sealed record ModelContainerData(string Name, string? Description, IReadOnlyDictionary<string, string> Tags, string? ETag)
{
    internal static ModelContainerData From(ArmResult result) => From(result.Object, result.ETag);

    internal static ModelContainerData From(JsonObject o, string? etag = null) =>
        new(o["name"]?.GetValue<string>() ?? "", o["properties"]?["description"]?.GetValue<string>(),
            JsonMaps.Read(o["properties"]?["tags"]), etag);

    internal JsonObject ToJson()
    {
        var properties = new JsonObject { ["tags"] = JsonMaps.Write(Tags) };
        if (Description is not null) properties["description"] = Description;
        return new JsonObject { ["properties"] = properties };
    }
}
