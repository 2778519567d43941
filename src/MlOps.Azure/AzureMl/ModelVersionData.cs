using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>One model version as Azure ML stores it: where its files are (<see cref="ModelUri"/>), tags and properties.</summary>
public sealed record ModelVersionData(
    string Name,
    string Version,
    Uri ModelUri,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Properties,
    bool IsArchived = false,
    DateTimeOffset? CreatedAt = null,
    string? ETag = null)
{
    /// <summary>Azure ML's type for a model of any framework (ONNX, ML.NET zip): stored and served as files.</summary>
    public const string CustomModel = "custom_model";

    internal static ModelVersionData From(ArmResult result, string name, string version)
    {
        var o = result.Object;
        var p = o["properties"] ?? new JsonObject();
        var created = o["systemData"]?["createdAt"]?.GetValue<string>();
        return new ModelVersionData(name, o["name"]?.GetValue<string>() is { Length: > 0 } n && n != "string" ? n : version,
            new Uri(p["modelUri"]?.GetValue<string>() ?? throw new InvalidDataException($"model {name}:{version} has no modelUri"), UriKind.RelativeOrAbsolute),
            p["description"]?.GetValue<string>(), JsonMaps.Read(p["tags"]), JsonMaps.Read(p["properties"]),
            p["isArchived"]?.GetValue<bool>() ?? false,
            created is null ? null : DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
            result.ETag);
    }

    internal JsonObject ToJson()
    {
        var properties = new JsonObject
        {
            ["modelUri"] = ModelUri.ToString(),
            ["modelType"] = CustomModel,
            ["tags"] = JsonMaps.Write(Tags),
            ["properties"] = JsonMaps.Write(Properties),
            ["isArchived"] = IsArchived,
        };
        if (Description is not null) properties["description"] = Description;
        return new JsonObject { ["properties"] = properties };
    }
}
