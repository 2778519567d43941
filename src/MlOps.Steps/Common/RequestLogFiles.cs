using MlOps.Core.Errors;

namespace MlOps.Steps.Common;

/// <summary>Where a request log is: the file `mlops serve --request-log` writes, or a folder of them (rotated, or one per replica).</summary>
public static class RequestLogFiles
{
    /// <summary>The files to read, as the user named them (what file:line messages show): the file, or the folder's *.jsonl in name order.</summary>
    public static IReadOnlyList<string> List(string path, string flag)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path))
            throw new InvalidInputException($"{flag} {path}: no such file or folder (point it at the file `mlops serve --request-log` writes, or a folder of *.jsonl)");
        var files = Directory.GetFiles(path, "*.jsonl").Select(f => Path.Combine(path, Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new InvalidInputException($"{flag} {path}: the folder holds no *.jsonl request logs");
    }
}
