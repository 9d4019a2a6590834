/** The {@code recipe} command line: one class per subcommand, shared options as mixins, {@link dev.recipe.cli.Main} the only place that exits. */
package dev.recipe.cli;
