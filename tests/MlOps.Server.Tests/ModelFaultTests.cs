using System.Net;
using MlOps.Core.Modeling;

namespace MlOps.Server.Tests;

/// <summary>A model that fails is the server's problem: 500 problem JSON, details in the log only, and it keeps serving.</summary>
public class ModelFaultTests : ServerTestBase
{
    [Test]
    public async Task A_model_exception_is_500_without_internals_and_the_server_keeps_serving()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);
        model.Override = _ => throw new InvalidOperationException("native crash in /opt/secret/model.onnx");

        var failed = await Post(url, """[{"age": 1, "sex": "a"}]""");
        var detail = AssertProblem(failed, HttpStatusCode.InternalServerError, "scoring failed");
        Assert.That(detail, Does.Not.Contain("native crash").And.Not.Contain("/opt/secret"), "internals are logged, not returned");
        Assert.That(detail, Does.Contain("server log"));

        model.Override = null;
        var ok = await Post(url, """[{"age": 60, "sex": "a"}]""");
        Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK), ok.Text);
        Assert.That(ok.Body.GetProperty("predictions")[0].GetProperty("probability").GetDouble(),
            Is.EqualTo(FakeBinaryModel.Expected(60, "a")).Within(1e-12));
        Assert.That((await Get(url, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Predictions_of_the_wrong_shape_are_500_not_a_half_written_200()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);

        model.Override = _ => Predictions.Binary([0.9]);
        AssertProblem(await Post(url, """[{"age": 1, "sex": "a"}, {"age": 2, "sex": "b"}]"""), HttpStatusCode.InternalServerError, "scoring failed");

        model.Override = _ => Predictions.Regression([1.0]);
        AssertProblem(await Post(url, """[{"age": 1, "sex": "a"}]"""), HttpStatusCode.InternalServerError, "scoring failed");
    }
}
