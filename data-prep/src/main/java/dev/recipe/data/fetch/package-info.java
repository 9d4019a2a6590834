/**
 * Finding raw files: the spec's sources (a local folder, HTTP(S) base URLs, a Debian package) tried
 * in order, and verification of every file by the SHA-256 and size of its decompressed bytes.
 */
package dev.recipe.data.fetch;
