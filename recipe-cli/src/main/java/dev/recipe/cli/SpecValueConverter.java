package dev.recipe.cli;

import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses an option value as the spec's YAML would spell it ({@code fp16}, {@code channelsLast}), so
 * a command line and a spec use one vocabulary.
 */
abstract class SpecValueConverter<T> implements ITypeConverter<T> {
  private final Class<T> type;
  private final String allowed;

  SpecValueConverter(Class<T> type, String allowed) {
    this.type = type;
    this.allowed = allowed;
  }

  @Override
  public T convert(String value) {
    try {
      return Json.json().convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not one of " + allowed);
    }
  }

  /** {@code fp32}, {@code fp16} or {@code bf16}. */
  static final class PrecisionValue extends SpecValueConverter<Precision> {
    PrecisionValue() {
      super(Precision.class, "fp32, fp16, bf16");
    }
  }

  /** {@code channelsLast} or {@code contiguous}. */
  static final class MemoryFormatValue extends SpecValueConverter<MemoryFormat> {
    MemoryFormatValue() {
      super(MemoryFormat.class, "channelsLast, contiguous");
    }
  }
}
