using System.Runtime.CompilerServices;
using System.Text;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>The card's feature names as UTF-8, made once per card: the JSON readers compare names as the bytes they hold.</summary>
internal static class FeatureNames
{
    private static readonly ConditionalWeakTable<ModelCard, byte[][]> Utf8Names = [];

    public static byte[][] Utf8(ModelCard card) =>
        Utf8Names.GetValue(card, c => c.Features.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray());
}
