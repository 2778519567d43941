using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Models;

/// <summary>A loaded model that scores a table. Implementations are safe to call from several threads.</summary>
public interface IScoringModel : IDisposable
{
    ModelCard Card { get; }

    /// <summary>Scores every row. The table must hold the card's features with the card's kinds (see <see cref="ModelInput"/>).</summary>
    Predictions Predict(Table table);
}
