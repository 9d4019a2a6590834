/** {@code recipe reproduce}: re-run a recorded recipe and judge, epoch by epoch, whether it is on track. */
package dev.recipe.reproduce;
