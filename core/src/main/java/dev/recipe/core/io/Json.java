package dev.recipe.core.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.time.Instant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON and YAML configuration of the project. Mappers are immutable once built and
 * thread-safe; strictness (unknown keys, wrong types) is the default so bad input fails loudly.
 */
public final class Json {
  /** Plain mapper for canonical text: no indentation, numbers as parsed. */
  private static final ObjectMapper CANONICAL = new ObjectMapper();

  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML =
      configure(
          YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .disable(YAMLGenerator.Feature.SPLIT_LINES)
                      .build())
              .build());

  private Json() {}

  private static ObjectMapper configure(ObjectMapper m) {
    // Instants (stage timing) as ISO-8601 text; jackson-datatype-jsr310 is not available offline.
    SimpleModule time = new SimpleModule("instant-iso8601")
        .addSerializer(Instant.class, new ToStringSerializer(Instant.class))
        .addDeserializer(Instant.class, new FromStringDeserializer<Instant>(Instant.class) {
          @Override
          protected Instant _deserialize(String value, DeserializationContext ctxt) {
            return Instant.parse(value);
          }
        });
    return m.registerModule(new Jdk8Module()).registerModule(time)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static ObjectMapper json() {
    return JSON;
  }

  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Pretty JSON text of a value. */
  /** Canonical JSON text: object keys sorted at every level, no insignificant whitespace. */
  public static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
    try {
      return CANONICAL.writeValueAsString(sortKeys(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of {@code node} with every object's keys in sorted order. */
  public static com.fasterxml.jackson.databind.JsonNode sortKeys(com.fasterxml.jackson.databind.JsonNode node) {
    var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    if (node.isObject()) {
      java.util.List<String> names = new java.util.ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      java.util.Collections.sort(names);
      var out = f.objectNode();
      for (String n : names) {
        out.set(n, sortKeys(node.get(n)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = f.arrayNode();
      node.elements().forEachRemaining(e -> out.add(sortKeys(e)));
      return out;
    }
    return node;
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a value as pretty JSON, atomically. */
  public static void write(Path target, Object value) {
    AtomicFiles.writeString(target, toJson(value));
  }

  /** Reads a JSON file into a type. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(Files.readAllBytes(file), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
