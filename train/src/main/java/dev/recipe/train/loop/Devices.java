package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;

/** The devices a data-parallel step runs on, for training and its benchmark alike. */
public final class Devices {
  private Devices() {}

  /** One device per shard: n GPUs when the engine has them, otherwise the CPU n times (emulated). */
  public static Device[] forShards(int n) {
    Device[] found = Engine.getInstance().getDevices(n);
    if (found.length == n && Arrays.stream(found).allMatch(Device::isGpu)) {
      return found;
    }
    Device[] out = new Device[n];
    Arrays.fill(out, Device.cpu());
    return out;
  }
}
