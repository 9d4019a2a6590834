/**
 * The recipe spec: the YAML a user writes, bound to typed, validated records. Each record's compact
 * constructor fills defaults, so the bound spec is also the resolved spec, written back with every
 * default explicit. One file per section; each stage owns its section.
 */
package dev.recipe.core.spec;
