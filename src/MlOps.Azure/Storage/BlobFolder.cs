using Azure.Storage.Blobs;

namespace MlOps.Azure.Storage;

/// <summary>A "folder" in blob storage: a container and a name prefix ('/'-separated, no leading or trailing '/').</summary>
public sealed record BlobFolder(BlobContainerClient Container, string Prefix)
{
    public BlobClient File(string relativePath) =>
        Container.GetBlobClient(Prefix.Length == 0 ? relativePath.Replace('\\', '/') : $"{Prefix}/{relativePath.Replace('\\', '/')}");

    public BlobFolder Sub(string name) => this with { Prefix = Prefix.Length == 0 ? name.Trim('/') : $"{Prefix}/{name.Trim('/')}" };

    /// <summary>The folder's address without credentials, as Azure ML stores it (codeUri, modelUri).</summary>
    public Uri Uri => new($"{Container.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{Prefix}");
}
