using System.Text.Json.Nodes;

namespace MlOps.Azure.AzureMl;

/// <summary>
/// The answer of startPendingUpload: where the files go (<see cref="BlobUri"/>, stored later as codeUri/modelUri) and a
/// short-lived SAS URI to write them with.
/// </summary>
public sealed record PendingUpload(Uri BlobUri, Uri SasUri)
{
    internal static JsonObject Request(string type) =>
        new() { ["pendingUploadId"] = Guid.NewGuid().ToString(), ["pendingUploadType"] = type };

    internal static PendingUpload From(JsonNode? body)
    {
        var reference = body?["blobReferenceForConsumption"]
                        ?? throw new InvalidDataException("startPendingUpload answered without blobReferenceForConsumption");
        var blob = reference["blobUri"]?.GetValue<string>() ?? throw new InvalidDataException("startPendingUpload answered without blobUri");
        var sas = reference["credential"]?["sasUri"]?.GetValue<string>() ?? throw new InvalidDataException("startPendingUpload answered without credential.sasUri");
        return new PendingUpload(new Uri(blob), new Uri(sas));
    }
}
