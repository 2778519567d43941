using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace MlOps.Router;

/// <summary>YARP's default transforms plus the X-Mlops-Variant response header naming the version that answered.</summary>
internal sealed class VariantHeaderTransformer(string variant) : HttpTransformer
{
    public const string Header = "X-Mlops-Variant";

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await Default.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers[Header] = variant;
        return copy;
    }
}
