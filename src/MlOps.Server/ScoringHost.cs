using System.Text.Json;
using MlOps.Core.DataChecks;
using MlOps.Core.Errors;
using MlOps.Models;

namespace MlOps.Server;

/// <summary>
/// Serves one model folder until cancelled, then stops gracefully (requests in flight finish, the request log is
/// drained). Shared by `mlops serve` and the image's entrypoint (mlops-serve), so a model behaves the same on a
/// laptop and in a container.
/// </summary>
public static class ScoringHost
{
    /// <param name="modelPath">A model folder from `mlops train`, or its model file.</param>
    /// <param name="ready">Called with the base URL once the server listens and the model is warmed up.</param>
    public static async Task RunAsync(string modelPath, ScoringServerOptions options, Action<string> ready, CancellationToken ct)
    {
        using var model = ModelLoader.Load(modelPath);
        var app = ScoringServer.Build(model, options, options.DriftWindowRows == 0 ? null : Profile(modelPath));
        var url = await ScoringServer.StartAsync(app, ct);
        ready(url);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    /// <summary>A damaged profile.json is the user's to fix (exit 2), not a crash of the server.</summary>
    private static DataProfile? Profile(string modelPath)
    {
        var folder = ModelLoader.FolderOf(modelPath);
        try
        {
            return DataProfile.TryRead(folder);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{Path.Combine(folder, DataProfile.FileName)}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not a training profile: {e.Message}");
        }
    }
}
