/** Where a result came from: the code's git state, the machine and libraries, and the command. */
package dev.recipe.core.prov;
