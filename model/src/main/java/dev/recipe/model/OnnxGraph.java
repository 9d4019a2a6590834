package dev.recipe.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A thin builder over the ONNX protobuf classes (carried by tribuo-util-onnx): float initializers
 * with little-endian raw data, nodes with int/float attributes, float inputs/outputs whose
 * dimensions are fixed or symbolic. Not thread-safe; one graph per instance.
 */
final class OnnxGraph {
  /** IR version 8 is the one that introduced opset 17; ONNX Runtime 1.20 reads up to IR 10. */
  static final long IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A fresh intermediate tensor name with a readable prefix. */
  String fresh(String prefix) {
    return prefix + "_" + (counter++);
  }

  /** Adds a float32 initializer. */
  String initializer(String name, long[] shape, float[] data) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "initializer " + name + ": shape holds " + n + " values, data has " + data.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(buf.array()));
    for (long d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a node; attribute values may be Integer/Long (INT), Float/Double (FLOAT) or long[] (INTS). */
  void node(String opType, String[] inputs, String output, Map<String, Object> attributes) {
    NodeProto.Builder n = NodeProto.newBuilder()
        .setOpType(opType)
        .setName(output)
        .addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
    graph.addNode(n);
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long v : ints) {
        a.addInts(v);
      }
    } else {
      throw new IllegalArgumentException("unsupported attribute " + name + ": " + value);
    }
    return a.build();
  }

  /** A float32 graph input; a {@code String} dimension is symbolic (dynamic), a number is fixed. */
  void input(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
  }

  /** A float32 graph output; dimensions as in {@link #input}. */
  void output(String name, Object... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String s) {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
      } else {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
      }
    }
    TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber())
        .setShape(shape);
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  /** The finished model with the default-domain opset, producer and metadata_props (sorted by key). */
  ModelProto model(int opset, String producerVersion, String docString, Map<String, String> metadata) {
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setProducerName("recipe")
        .setProducerVersion(producerVersion)
        .setDocString(docString)
        .setGraph(graph);
    metadata.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
    return m.build();
  }
}
