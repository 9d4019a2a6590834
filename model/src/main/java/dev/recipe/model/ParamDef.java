package dev.recipe.model;


/**
 * One entry of the state dict, in torchvision order.
 *
 * @param name torchvision state-dict key
 * @param shape tensor shape (PyTorch layout: conv OIHW, linear (out, in))
 * @param role what the tensor is (decides initialization, trainability, weight-decay groups)
 * @param residualGamma true for the last BatchNorm weight of a residual branch (zero-init target)
 */
public record ParamDef(String name, long[] shape, Role role, boolean residualGamma) {

  /** What a tensor of the model is. */
  public enum Role {
    CONV_WEIGHT(true),
    BN_WEIGHT(true),
    BN_BIAS(true),
    BN_RUNNING_MEAN(false),
    BN_RUNNING_VAR(false),
    FC_WEIGHT(true),
    FC_BIAS(true);

    private final boolean trainable;

    Role(boolean trainable) {
      this.trainable = trainable;
    }

    public boolean trainable() {
      return trainable;
    }

    /** BatchNorm affine parameters and biases: the usual weight-decay exclusions. */
    public boolean normOrBias() {
      return this == BN_WEIGHT || this == BN_BIAS || this == FC_BIAS;
    }
  }

  public boolean trainable() {
    return role.trainable();
  }

  /** Number of elements. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** True for the classifier head ({@code fc.*}). */
  public boolean isHead() {
    return role == Role.FC_WEIGHT || role == Role.FC_BIAS;
  }
}
