namespace MlOps.Models.Tests.OnnxExport;

/// <summary>Deletes the shared trained models once every test of this namespace has run (they are reused across fixtures).</summary>
[SetUpFixture]
public class TrainedPairCleanup
{
    [OneTimeTearDown]
    public void RemoveModels() => TrainedPair.DeleteAll();
}
