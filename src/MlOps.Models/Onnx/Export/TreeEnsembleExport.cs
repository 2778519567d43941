using Microsoft.ML.Trainers.FastTree;
using MlOps.Models.Onnx.Export.Proto;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Writes a FastTree / LightGBM tree ensemble as one ai.onnx.ml TreeEnsembleRegressor that gives ML.NET's raw score.
/// What ML.NET computes (InternalRegressionTree.GetLeaf, TreeEnsembleModelParameters.Map in ML.NET 5):
/// <list type="bullet">
/// <item>a numeric split sends <c>x &lt;= threshold</c> to LeftChild, otherwise to RightChild (BRANCH_LEQ);</item>
/// <item>a categorical split (LightGBM) goes right when any of its listed slots is <c>&gt; 0</c>. ONNX trees have no
///   set test, and a chain of single-slot tests would need the right subtree once per slot (ONNX Runtime refuses a
///   node with two parents), so the graph counts the listed slots that are &gt; 0 (Greater, MatMul with a 0/1
///   matrix, one column per such split) and the split becomes <c>count &lt;= 0</c>, exact in double;</item>
/// <item>a child index &lt; 0 is the leaf <c>~index</c>; a tree with one leaf adds 0, not its leaf value;</item>
/// <item>the score is the plain sum of the leaf values, in double, then cast to float: neither TreeWeights nor Bias
///   take part in it.</item>
/// </list>
/// Thresholds and leaf values go in as double tensors and the features are cast to double first (exact for float
/// values): ONNX Runtime then compares and sums in double, as ML.NET does; with float attributes the sum of many
/// leaves would be rounded at every step. (ONNX Runtime reads double tensor attributes only for a double input.)
/// </summary>
internal static class TreeEnsembleExport
{
    public static string AddScore(OnnxGraphBuilder graph, string features, int width, RegressionTreeEnsemble ensemble)
    {
        var nodes = new TreeNodes();
        var categoricalSplits = new List<IReadOnlyList<int>>();
        int CountFeature(IReadOnlyList<int> slots)
        {
            categoricalSplits.Add(slots);
            return width + categoricalSplits.Count - 1;
        }
        for (var t = 0; t < ensemble.Trees.Count; t++)
            AddTree(nodes, t, ensemble.Trees[t], CountFeature);

        var input = graph.AddNode("Cast", [features], "features_double", "", Attr.Int("to", (long)TensorProto.Types.DataType.Double));
        if (categoricalSplits.Count > 0)
            input = AppendSlotCounts(graph, input, width, categoricalSplits);
        var score = graph.AddNode("TreeEnsembleRegressor", [input], "score", OnnxGraphBuilder.MlDomain,
            Attr.Ints("nodes_treeids", nodes.TreeIds),
            Attr.Ints("nodes_nodeids", nodes.NodeIds),
            Attr.Ints("nodes_featureids", nodes.FeatureIds),
            Attr.Strings("nodes_modes", nodes.Modes),
            Attr.Doubles("nodes_values_as_tensor", nodes.Thresholds),
            Attr.Ints("nodes_truenodeids", nodes.TrueIds),
            Attr.Ints("nodes_falsenodeids", nodes.FalseIds),
            Attr.Ints("target_treeids", nodes.LeafTreeIds),
            Attr.Ints("target_nodeids", nodes.LeafNodeIds),
            Attr.Ints("target_ids", nodes.LeafNodeIds.Select(_ => 0L)),
            Attr.Doubles("target_weights_as_tensor", nodes.LeafValues),
            Attr.Int("n_targets", 1),
            Attr.String("aggregate_function", "SUM"),
            Attr.String("post_transform", "NONE"));
        return graph.Declare(score, TensorProto.Types.DataType.Float, 1);
    }

    /// <summary>[x, c] where c[:, k] counts the slots of categorical split k that are &gt; 0.</summary>
    private static string AppendSlotCounts(OnnxGraphBuilder graph, string x, int width, List<IReadOnlyList<int>> splits)
    {
        var membership = new double[width * splits.Count];
        for (var k = 0; k < splits.Count; k++)
            foreach (var slot in splits[k])
                membership[slot * splits.Count + k] = 1;
        var zero = graph.AddDoubles("zero", [0.0], 1);
        var positive = graph.AddNode("Cast", [graph.AddNode("Greater", [x, zero], "slot_is_positive")], "slot_is_positive_double", "",
            Attr.Int("to", (long)TensorProto.Types.DataType.Double));
        var matrix = graph.AddDoubles("categorical_split_slots", membership, width, splits.Count);
        var counts = graph.AddNode("MatMul", [positive, matrix], "categorical_split_counts");
        return graph.AddNode("Concat", [x, counts], "features_with_split_counts", "", Attr.Int("axis", 1));
    }

    private static void AddTree(TreeNodes nodes, int treeId, RegressionTree tree, Func<IReadOnlyList<int>, int> countFeature)
    {
        if (tree.NumberOfLeaves == 1)
        {
            nodes.Leaf(treeId, 0, 0.0);
            return;
        }

        // ONNX node ids: ML.NET's internal node i keeps id i and leaf j becomes NumberOfNodes + j.
        var leafBase = tree.NumberOfNodes;
        long Id(int child) => child >= 0 ? child : leafBase + ~child;

        for (var node = 0; node < tree.NumberOfNodes; node++)
        {
            long lte = Id(tree.LeftChild[node]), gt = Id(tree.RightChild[node]);
            if (!tree.CategoricalSplitFlags[node])
            {
                nodes.Branch(treeId, node, tree.NumericalSplitFeatureIndexes[node], tree.NumericalSplitThresholds[node], lte, gt);
                continue;
            }
            var slots = tree.GetCategoricalSplitFeaturesAt(node);
            if (slots.Count == 0)
                throw FittedPipeline.Unsupported("a categorical tree split without categories");
            nodes.Branch(treeId, node, countFeature(slots), 0.0, lte, gt);
        }
        for (var leaf = 0; leaf < tree.NumberOfLeaves; leaf++)
            nodes.Leaf(treeId, leafBase + leaf, tree.LeafValues[leaf]);
    }

    /// <summary>The parallel attribute lists of a TreeEnsembleRegressor.</summary>
    private sealed class TreeNodes
    {
        public List<long> TreeIds { get; } = [];
        public List<long> NodeIds { get; } = [];
        public List<long> FeatureIds { get; } = [];
        public List<string> Modes { get; } = [];
        public List<double> Thresholds { get; } = [];
        public List<long> TrueIds { get; } = [];
        public List<long> FalseIds { get; } = [];
        public List<long> LeafTreeIds { get; } = [];
        public List<long> LeafNodeIds { get; } = [];
        public List<double> LeafValues { get; } = [];

        /// <summary>A BRANCH_LEQ test: <c>x[feature] &lt;= threshold</c> goes to <paramref name="whenLessOrEqual"/>.</summary>
        public void Branch(int tree, long id, int feature, double threshold, long whenLessOrEqual, long otherwise)
        {
            Add(tree, id, feature, "BRANCH_LEQ", threshold, whenLessOrEqual, otherwise);
        }

        public void Leaf(int tree, long id, double value)
        {
            Add(tree, id, 0, "LEAF", 0, 0, 0);
            LeafTreeIds.Add(tree);
            LeafNodeIds.Add(id);
            LeafValues.Add(value);
        }

        private void Add(int tree, long id, int feature, string mode, double threshold, long trueId, long falseId)
        {
            TreeIds.Add(tree);
            NodeIds.Add(id);
            FeatureIds.Add(feature);
            Modes.Add(mode);
            Thresholds.Add(threshold);
            TrueIds.Add(trueId);
            FalseIds.Add(falseId);
        }
    }
}
