package dev.recipe.model;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler limited to what a PyTorch tensor state dict needs. A pickle can name any
 * Python callable and ask for it to be called; here only {@code collections.OrderedDict}, the
 * tensor rebuild functions and the storage type names are known, anything else is refused with
 * {@link Refused} naming the global before it is touched, and the opcodes that construct arbitrary
 * objects (INST, OBJ, NEWOBJ, the extension registry, text persistent ids) are refused outright.
 * Nothing from the file is ever executed: the known names map to Java code of this class's caller.
 */
final class RestrictedUnpickler extends Unpickler {

  /** A pickle that asks for something a state dict does not need. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** A storage type named by a pickle ({@code torch.FloatStorage}): a name, never callable. */
  record StorageType(String name) {}

  /** An {@code OrderedDict}, which torch pickles with its {@code _metadata} set by BUILD. */
  static final class OrderedDict extends LinkedHashMap<Object, Object> {
    final Map<Object, Object> state = new LinkedHashMap<>();
  }

  static final Set<String> STORAGE_TYPES = Set.of("FloatStorage", "HalfStorage", "BFloat16Storage",
      "DoubleStorage", "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage");

  private static final Set<Short> REFUSED_OPCODES = Set.of((short) Opcodes.INST, (short) Opcodes.OBJ,
      (short) Opcodes.NEWOBJ, (short) Opcodes.NEWOBJ_EX, (short) Opcodes.EXT1, (short) Opcodes.EXT2,
      (short) Opcodes.EXT4, (short) Opcodes.PERSID);

  private final Map<String, IObjectConstructor> allowed;
  private final Function<Object, Object> persistent;

  /**
   * @param rebuildTensor builds a tensor from {@code _rebuild_tensor_v2}'s arguments
   * @param persistent resolves a persistent id (the storage tuple) to a storage
   */
  RestrictedUnpickler(IObjectConstructor rebuildTensor, Function<Object, Object> persistent) {
    this.persistent = persistent;
    this.allowed = Map.of(
        "collections.OrderedDict", args -> {
          if (args.length != 0) {
            throw new Refused("collections.OrderedDict called with arguments");
          }
          return new OrderedDict();
        },
        "torch._utils._rebuild_tensor_v2", rebuildTensor,
        // a Parameter in a state dict: (tensor, requires_grad, backward_hooks): the tensor
        "torch._utils._rebuild_parameter", args -> args[0]);
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    if (REFUSED_OPCODES.contains(key)) {
      throw new Refused(String.format("opcode 0x%02x builds arbitrary objects; a state dict never needs it", key));
    }
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(global(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        stack.add(global(String.valueOf(module), String.valueOf(name)));
        return NO_RETURN_VALUE;
      }
      case Opcodes.REDUCE -> {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof IObjectConstructor c) || !(args instanceof Object[] a)) {
          throw new Refused("REDUCE on " + describe(callable) + ", which is not callable here");
        }
        stack.add(c.construct(a));
        return NO_RETURN_VALUE;
      }
      case Opcodes.SETITEMS -> { // Pyrolite's goes through a HashMap: the state dict's order matters
        java.util.List<Object> items = stack.pop_all_since_marker();
        if (!(stack.peek() instanceof Map<?, ?>) || items.size() % 2 != 0) {
          throw new Refused("SETITEMS on " + describe(stack.peek()));
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
        for (int i = 0; i < items.size(); i += 2) {
          dict.put(items.get(i), items.get(i + 1));
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof OrderedDict d) || !(state instanceof Map<?, ?> m)) {
          throw new Refused("BUILD on " + describe(target) + "; only an OrderedDict's attributes are accepted");
        }
        d.state.putAll(m);
        return NO_RETURN_VALUE;
      }
      default -> {
        return super.dispatch(key);
      }
    }
  }

  private Object global(String module, String name) {
    String qualified = module + "." + name;
    IObjectConstructor c = allowed.get(qualified);
    if (c != null) {
      return c;
    }
    if (module.equals("torch") && STORAGE_TYPES.contains(name)) {
      return new StorageType(name);
    }
    throw new Refused("the pickle asks for the Python global " + qualified
        + ", which a tensor state dict does not need; refused, nothing was executed");
  }

  @Override
  protected Object persistentLoad(Object pid) {
    return persistent.apply(pid);
  }

  private static String describe(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }
}
