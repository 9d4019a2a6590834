package dev.recipe.core.spec;

/** Validation inside compact constructors; the spec loader adds the key path and the file name. */
final class Check {
  private Check() {}

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  static void positive(Number n, String key) {
    require(n != null && n.doubleValue() > 0, key + " must be > 0, got " + n);
  }

  static void nonNegative(Number n, String key) {
    require(n != null && n.doubleValue() >= 0, key + " must be >= 0, got " + n);
  }

  static void fraction(Number n, String key) {
    require(n != null && n.doubleValue() >= 0 && n.doubleValue() < 1,
        key + " must be in [0, 1), got " + n);
  }
}
