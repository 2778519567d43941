using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Server;

/// <summary>
/// Backs /health/ready. One prediction on a synthetic row of missing values (NaN / null, which every model must
/// accept) loads every lazy part of the model (native sessions, JIT) before traffic is routed to it, and proves that
/// the model answers in the shape the card promises. Until it succeeds the server is live but not ready.
/// </summary>
public sealed class ModelReadiness(IScoringModel model, ILogger logger)
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public bool WarmUp()
    {
        try
        {
            var columns = model.Card.Features.Select(f => f.Kind == ColumnKind.Numeric
                ? TableColumn.Numeric(f.Name, [double.NaN])
                : TableColumn.Categorical(f.Name, [null])).ToList();
            var predictions = model.Predict(new Table(columns, [0], "warm-up"));
            ScoreResponseWriter.CheckShape(model.Card, predictions, 1);
            _ready = true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "warm-up prediction failed; /health/ready will answer 503");
        }
        return _ready;
    }
}
