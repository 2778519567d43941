namespace MlOps.Steps.Train;

public sealed record TrainResult(string OutputDirectory, string ModelFile, RunRecord Run);
