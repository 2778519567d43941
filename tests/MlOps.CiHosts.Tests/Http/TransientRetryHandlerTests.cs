using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlOps.CiHosts.Http;
using NUnit.Framework;

namespace MlOps.CiHosts.Tests.Http;

public sealed class TransientRetryHandlerTests
{
    private static readonly CiServiceClientOptions Quick = new() { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) };

    [Test]
    public async Task An_unknown_host_fails_at_once_without_retries()
    {
        var inner = new Failing(() => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (registry.exmaple.com:443)"));
        using var client = new HttpClient(new TransientRetryHandler(Quick, inner));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://registry.exmaple.com/v2/"));

        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError));
        Assert.That(inner.Calls, Is.EqualTo(1));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(150)), "no backoff before giving up");
    }

    [Test]
    public async Task A_reset_connection_is_retried_until_the_limit()
    {
        var inner = new Failing(() => new HttpRequestException(HttpRequestError.ConnectionError, "reset", new SocketException((int)SocketError.ConnectionReset)));
        using var client = new HttpClient(new TransientRetryHandler(Quick, inner));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://127.0.0.1:9/"));

        Assert.That(inner.Calls, Is.EqualTo(1 + Quick.MaxRetries));
    }

    private sealed class Failing(Func<Exception> error) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromException<HttpResponseMessage>(error());
        }
    }
}
