package org.robustr1.model.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block whose parameters and children are named as in a Hugging Face checkpoint.
 *
 * <p>Parameters are created with their final shape and no array; {@link #setParameterValue} fills
 * them (once, from loaded or random data) and DJL's own {@code initialize} also works. {@link
 * #collectParameters} walks the tree and yields checkpoint names such as {@code
 * blocks.0.attn.qkv.weight} under a prefix.
 */
public abstract class HfBlock extends AbstractBlock {

  private final Map<String, Parameter> named = new LinkedHashMap<>();
  private final Map<String, HfBlock> namedChildren = new LinkedHashMap<>();

  /** Adds a parameter named {@code name} (the last component of its checkpoint name). */
  protected final Parameter param(String name, Parameter.Type type, Shape shape) {
    Parameter p = Parameter.builder().setName(name).setType(type).optShape(shape).build();
    named.put(name, p);
    return addParameter(p);
  }

  /** Adds a child block named {@code name} (a checkpoint path component such as {@code attn}). */
  protected final <B extends HfBlock> B child(String name, B block) {
    namedChildren.put(name, block);
    return addChildBlock(name, block);
  }

  /**
   * Puts every parameter of this block and its children into {@code out}, keyed by {@code prefix}
   * followed by the checkpoint-relative name.
   */
  public void collectParameters(String prefix, Map<String, Parameter> out) {
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      out.put(prefix + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, HfBlock> e : namedChildren.entrySet()) {
      e.getValue().collectParameters(prefix + e.getKey() + ".", out);
    }
  }

  /**
   * Gives {@code param} the values of {@code value} (FP32, or FP16/BF16 for an inference model;
   * same shape). The parameter takes
   * ownership of {@code value}. Gradients are enabled when the parameter requires them.
   *
   * @param tensorName the checkpoint name, used in error messages
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void setParameterValue(
      String tensorName, Parameter param, NDArray value, NDManager manager) {
    checkArgument(
        value.getShape().equals(param.getShape()),
        "tensor %s has shape %s but the model config expects %s",
        tensorName,
        value.getShape(),
        param.getShape());
    DataType dt = value.getDataType();
    checkArgument(
        dt == DataType.FLOAT32 || dt == DataType.FLOAT16 || dt == DataType.BFLOAT16,
        "tensor %s must be FLOAT32 (or FLOAT16/BFLOAT16), got %s",
        tensorName,
        value.getDataType());
    if (param.isInitialized()) {
      NDArray target = param.getArray();
      target.intern(value);
      target.setRequiresGradient(param.requiresGradient());
    } else {
      value.attach(manager);
      param.setInitializer((m, s, d) -> value);
      param.initialize(manager, dt);
      checkState(param.getArray() == value, "parameter %s was not set", tensorName);
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Pair<String, Block> c : getChildren()) {
      c.getValue().initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
