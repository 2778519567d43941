using Google.Protobuf;
using MlOps.Models.Onnx.Export.Proto;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Collects the nodes, constants, inputs and outputs of one ONNX graph and writes the model. Value names are made
/// unique here, so the export steps can name values after what they hold without clashing with a user's column.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    // IR 8 and opsets 17 / ai.onnx.ml 3 are the newest that onnx 1.12 (Debian's python3-onnx, used to check the
    // files) knows; ONNX Runtime reads all of them.
    public const long IrVersion = 8;
    public const long OnnxOpset = 17;
    public const long MlOpset = 3;
    public const string MlDomain = "ai.onnx.ml";

    private readonly GraphProto _graph = new() { Name = "mlops" };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A value name not used yet: <paramref name="hint"/> itself, or with a numeric suffix.</summary>
    public string Unique(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++) name = $"{hint}_{i}";
        return name;
    }

    /// <summary>A graph input of shape [N, 1]; the name is the caller's (a feature column) and must stay as it is.</summary>
    public string AddInput(string name, TensorProto.Types.DataType type)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"graph input '{name}' is declared twice");
        _graph.Input.Add(TensorValue(name, type, [1]));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> (already produced by a node) as a graph output of shape [N, width].</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, long width) =>
        _graph.Output.Add(TensorValue(name, type, [width]));

    /// <summary>
    /// Declares the type of an intermediate value as [N, dims...]. onnx's shape inference knows nothing of several
    /// ai.onnx.ml operators (Imputer, OneHotEncoder, ...), and the checker's strict mode fails on the untyped values
    /// they leave, so their outputs are declared here.
    /// </summary>
    public string Declare(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        _graph.ValueInfo.Add(TensorValue(name, type, dims));
        return name;
    }

    public string AddNode(string opType, IEnumerable<string> inputs, string outputHint, string domain = "",
        params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [outputHint], domain, attributes)[0];

    public string[] AddNode(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputHints, string domain,
        params AttributeProto[] attributes)
    {
        var outputs = outputHints.Select(Unique).ToArray();
        var node = new NodeProto { OpType = opType, Domain = domain, Name = Unique($"{opType}_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public string AddFloats(string hint, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string AddDoubles(string hint, double[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Double };
        tensor.Dims.AddRange(dims);
        tensor.DoubleData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string AddInt64s(string hint, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public byte[] ToBytes(string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "mlops",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            ModelVersion = 1,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxOpset });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
        foreach (var (key, value) in metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    private static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType type, long[] dims)
    {
        // The batch dimension is symbolic so one model scores any number of rows.
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" } } };
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}

/// <summary>Short constructors for node attributes, named after the ONNX attribute types.</summary>
internal static class Attr
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    /// <summary>A 1-D double tensor attribute (the <c>*_as_tensor</c> attributes of ai.onnx.ml tree ensembles).</summary>
    public static AttributeProto Doubles(string name, IEnumerable<double> values)
    {
        var t = new TensorProto { DataType = (int)TensorProto.Types.DataType.Double };
        t.DoubleData.AddRange(values);
        t.Dims.Add(t.DoubleData.Count);
        return new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = t };
    }
}
