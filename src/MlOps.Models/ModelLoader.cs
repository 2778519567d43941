using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models.MlNet;
using MlOps.Models.Onnx;

namespace MlOps.Models;

/// <summary>Opens a model from a directory (model.json + model file) or from a model file with model.json beside it.</summary>
public static class ModelLoader
{
    public static readonly string[] ModelFileNames = ["model.zip", "model.onnx"];

    /// <summary>The folder holding a model: the path itself, or the folder of a model file.</summary>
    public static string FolderOf(string path) => Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;

    public static ModelCard ReadCard(string path)
    {
        var directory = FolderOf(path);
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new InvalidInputException($"{path}: model not found (expected a directory from 'mlops train', a model file, NAME:VERSION or NAME@ALIAS)");
        var cardPath = Path.Combine(directory, ModelCard.FileName);
        if (!File.Exists(cardPath))
            throw new InvalidInputException($"{path}: no {ModelCard.FileName} beside the model; models are described by the {ModelCard.FileName} that 'mlops train' writes");
        try
        {
            return ModelCard.Read(cardPath);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidInputException($"{cardPath}: not a valid model card: {e.Message}");
        }
    }

    /// <summary>The model file <paramref name="card"/> names, beside it; a missing one is a bad input naming it.</summary>
    public static string ModelFile(string path, ModelCard card)
    {
        var file = Path.Combine(FolderOf(path), card.File);
        return File.Exists(file) ? file : throw new InvalidInputException($"{file}: model file named in {ModelCard.FileName} is missing");
    }

    public static IScoringModel Load(string path)
    {
        var card = ReadCard(path);
        var file = ModelFile(path, card);
        try
        {
            return card.Format switch
            {
                "mlnet" => new MlNetModel(file, card),
                "onnx" => new OnnxModel(file, card),
                _ => throw new InvalidInputException($"{path}: unknown model format '{card.Format}' (expected mlnet or onnx)"),
            };
        }
        // A truncated download or a file overwritten by something else is a bad input naming the file, not a crash
        // (OnnxModel says so itself for ONNX files).
        catch (Exception e) when (card.Format == "mlnet" && e is FormatException or InvalidDataException
                                      or InvalidOperationException { Source: "Microsoft.ML.Core" or "Microsoft.ML.Data" })
        {
            throw new InvalidInputException($"{file}: not a loadable ML.NET model ({e.Message.Split('\n')[0].Trim()}); it is damaged or not " +
                                            $"the file {ModelCard.FileName} names: train or download the model again", e);
        }
    }
}
