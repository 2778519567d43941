using System.Text.Json;

namespace MlOps.Router;

/// <summary>One JSON shape for the router's url file and admin API, shared by the router and the deploy target.</summary>
public static class RouterJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
