using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Server.Tests;

public class HealthAndCardTests : ServerTestBase
{
    [Test]
    public async Task A_started_server_is_live_and_ready_after_a_warm_up_on_missing_values()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);

        var live = await Get(url, "/health/live");
        Assert.That((live.Status, live.Text), Is.EqualTo((HttpStatusCode.OK, """{"status":"live"}""")));
        var ready = await Get(url, "/health/ready");
        Assert.That((ready.Status, ready.Text), Is.EqualTo((HttpStatusCode.OK, """{"status":"ready"}""")));

        var warmUp = model.Seen.Single();
        Assert.That(warmUp.RowCount, Is.EqualTo(1));
        Assert.That(warmUp["age"].Numbers[0], Is.NaN);
        Assert.That(warmUp["sex"].Strings[0], Is.Null);
    }

    [Test]
    public async Task Ready_is_503_while_the_warm_up_runs()
    {
        using var release = new ManualResetEventSlim();
        var model = new FakeBinaryModel();
        model.Override = _ =>
        {
            release.Wait(TimeSpan.FromSeconds(20));
            return Predictions.Binary([0.5]);
        };
        var app = Build(model);
        var starting = ScoringServer.StartAsync(app);
        var url = await ListeningUrl(app);

        Assert.That((await Get(url, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK));
        var ready = await Get(url, "/health/ready");
        Assert.That((ready.Status, ready.Text), Is.EqualTo((HttpStatusCode.ServiceUnavailable, """{"status":"not ready"}""")));
        Assert.That(starting.IsCompleted, Is.False, "StartAsync returns only once the model is warm");

        release.Set();
        Assert.That(await starting, Is.EqualTo(url));
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_model_that_fails_warm_up_is_live_but_not_ready()
    {
        var url = await Start(new FakeBinaryModel { Override = _ => throw new InvalidOperationException("broken") });
        Assert.That((await Get(url, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task A_model_that_answers_warm_up_in_the_wrong_shape_is_not_ready()
    {
        var url = await Start(new FakeBinaryModel { Override = _ => Predictions.Binary([]) });
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task The_model_endpoint_gives_the_card_and_the_reference()
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Get(url, "/v1/model");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reply.MediaType, Is.EqualTo("application/json"));
        var card = reply.Body;
        Assert.That(card.GetProperty("reference").GetString(), Is.EqualTo("income:3"));
        Assert.That(card.GetProperty("name").GetString(), Is.EqualTo("income"));
        Assert.That(card.GetProperty("task").GetString(), Is.EqualTo("binary-classification"));
        Assert.That(card.GetProperty("positive").GetString(), Is.EqualTo(">50K"));
        Assert.That(card.GetProperty("classes").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "<=50K", ">50K" }));
        var features = card.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString(), f.GetProperty("kind").GetString())).ToList();
        Assert.That(features, Is.EqualTo(new[] { ("age", "numeric"), ("sex", "categorical") }));
    }

    [Test]
    public async Task Any_free_port_on_localhost_gives_a_usable_loopback_url()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(Host: "localhost"));
        Assert.That(url, Does.Match(@"^http://127\.0\.0\.1:\d+$"));
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Options_out_of_range_are_invalid_input()
    {
        Assert.That(() => ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(Port: 70000)),
            Throws.TypeOf<InvalidInputException>().With.Message.Contains("port 70000"));
        Assert.That(() => ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(MaxRows: 0)),
            Throws.TypeOf<InvalidInputException>());
        Assert.That(() => ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(MaxBodyBytes: -1)),
            Throws.TypeOf<InvalidInputException>());
    }

    /// <summary>The bound address, read while StartAsync is still warming up.</summary>
    private static async Task<string> ListeningUrl(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        for (var i = 0; i < 400; i++)
        {
            if (addresses.FirstOrDefault(a => !a.EndsWith(":0")) is { } bound) return bound.TrimEnd('/');
            await Task.Delay(25);
        }
        throw new TimeoutException("the server did not start listening");
    }
}
