using MlOps.Reports;

namespace MlOps.Steps.Evaluate;

public sealed record EvaluateResult(GateReport Report, string ReportJson, string ReportMarkdown)
{
    public bool Passed => Report.Passed;
}
