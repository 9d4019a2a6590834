/**
 * Hashing, fingerprints, atomic writes, the one JSON/YAML configuration every module uses, and an
 * I/O failure in one line ({@link dev.recipe.core.io.IoFailures}).
 */
package dev.recipe.core.io;
