/** Hashing, fingerprints, atomic writes and the one JSON/YAML configuration every module uses. */
package dev.recipe.core.io;
