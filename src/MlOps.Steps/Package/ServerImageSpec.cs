using MlOps.Containers.Images;
using MlOps.Containers.Rootfs;

namespace MlOps.Steps.Package;

/// <summary>How the image runs mlops-serve (`mlops serve` of a model folder): the model at /model, the server on 0.0.0.0:8080, as the non-root user.</summary>
public static class ServerImageSpec
{
    public const int Port = 8080;
    public const string ModelPath = "/model";
    public const string AppPath = "/app";

    /// <summary>
    /// Entrypoint + Cmd, so `podman run IMAGE --model /model --host 127.0.0.1 --port N` replaces only the arguments.
    /// ORT_DISABLE_TELEMETRY stops ONNX Runtime's uploader phoning out; HOME=/tmp because /app is read-only to the user.
    /// </summary>
    public static ImageSpec For(string served, IReadOnlyDictionary<string, string> labels, DateTimeOffset created) => new(
        Entrypoint: [$"{AppPath}/{PublishedApp.Executable}"],
        Cmd: ["--model", ModelPath, "--host", "0.0.0.0", "--port", Port.ToString(), "--name", served],
        Env:
        [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "DOTNET_RUNNING_IN_CONTAINER=true",
            "ORT_DISABLE_TELEMETRY=1",
            $"SSL_CERT_FILE={MinimalRootfs.CaBundle}",
            "HOME=/tmp",
        ],
        User: MinimalRootfs.AppUid.ToString(),
        WorkingDir: AppPath,
        ExposedPort: Port,
        Labels: labels,
        Created: created);
}
