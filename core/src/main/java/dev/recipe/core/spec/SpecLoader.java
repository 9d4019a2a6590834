package dev.recipe.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a spec file (YAML) into a {@link RecipeSpec}. An unknown key, a wrong type or an invalid
 * value is a {@link RecipeException} (exit code 2) naming the file and the key path, e.g.
 * {@code spec.yaml: training.optimizer.lr: expected a number, got "fast"}.
 */
public final class SpecLoader {
  private SpecLoader() {}

  /** Loads a spec file. */
  public static RecipeSpec load(Path file) {
    return load(file, List.of());
  }

  /**
   * Loads a spec file and applies overrides {@code key.path=value} (value parsed as YAML), as given
   * on the command line with {@code --set}.
   */
  public static RecipeSpec load(Path file, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw RecipeException.badInput("spec file not found: " + file);
    } catch (IOException e) {
      throw RecipeException.badInput("cannot read spec file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), overrides);
  }

  /** Parses spec text; {@code origin} names it in error messages. */
  public static RecipeSpec parse(String text, String origin, List<String> overrides) {
    JsonNode tree;
    try {
      tree = Json.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      throw RecipeException.badInput(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw RecipeException.badInput(origin + ": a spec must be a YAML mapping of keys to values");
    }
    for (String o : overrides) {
      applyOverride((ObjectNode) tree, o, origin);
    }
    try {
      return Json.yaml().treeToValue(tree, RecipeSpec.class);
    } catch (JsonProcessingException e) {
      throw RecipeException.badInput(origin + ": " + describe(e), e);
    }
  }

  /** Writes the resolved spec (every default explicit) as YAML, atomically. */
  public static void writeResolved(RecipeSpec spec, Path target) {
    try {
      AtomicFiles.writeString(target, Json.yaml().writeValueAsString(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize spec", e);
    }
  }

  /** The resolved spec as YAML text. */
  public static String toYaml(RecipeSpec spec) {
    try {
      return Json.yaml().writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize spec", e);
    }
  }

  private static void applyOverride(ObjectNode root, String override, String origin) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw RecipeException.badInput("override '" + override + "' must look like key.path=value");
    }
    String[] keys = override.substring(0, eq).split("\\.", -1);
    for (String k : keys) {
      if (k.isBlank()) {
        throw RecipeException.badInput("override '" + override + "': the key path '"
            + override.substring(0, eq) + "' has an empty part (write e.g. training.epochs=1)");
      }
    }
    JsonNode value;
    try {
      value = Json.yaml().readTree(override.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw RecipeException.badInput("override '" + override + "': value is not valid YAML");
    }
    ObjectNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = node.get(keys[i]);
      if (child == null || child.isNull()) {
        child = node.putObject(keys[i]);
      }
      if (!child.isObject()) {
        throw RecipeException.badInput(origin + ": override '" + override + "': "
            + String.join(".", List.of(keys).subList(0, i + 1)) + " is not a mapping");
      }
      node = (ObjectNode) child;
    }
    node.set(keys[keys.length - 1], value == null ? root.nullNode() : value);
  }

  /** A message naming the key path and what was wrong. */
  static String describe(JsonProcessingException e) {
    String path = e instanceof JsonMappingException jme ? path(jme.getPath()) : "";
    String where = path.isEmpty() ? "" : path + ": ";
    if (e instanceof PropertyBindingException pbe) {
      String known = pbe.getKnownPropertyIds() == null ? "" : pbe.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      return "unknown key '" + path + "'" + (known.isEmpty() ? "" : " (known keys here: " + known + ")");
    }
    if (e instanceof ValueInstantiationException vie) {
      Throwable cause = vie.getCause() == null ? vie : vie.getCause();
      return where + cause.getMessage();
    }
    if (e instanceof InvalidFormatException ife) {
      return where + "invalid value '" + ife.getValue() + "'"
          + (ife.getTargetType() != null && ife.getTargetType().isEnum()
              ? " (allowed: " + enumValues(ife.getTargetType()) + ")"
              : ", expected " + typeName(ife.getTargetType()));
    }
    if (e instanceof MismatchedInputException mie) {
      return where + "wrong type, expected " + typeName(mie.getTargetType());
    }
    return where + e.getOriginalMessage();
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return Integer.class.equals(type) || Long.class.equals(type) ? "a whole number" : "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    return type.getSimpleName();
  }

  private static String enumValues(Class<?> type) {
    return Json.yaml().convertValue(type.getEnumConstants(), ArrayNode.class).toString();
  }
}
