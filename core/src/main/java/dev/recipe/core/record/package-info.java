/** Stage records: the immutable account each stage writes of what it did ({@code stages/<stage>.json}). */
package dev.recipe.core.record;
