/**
 * Raw datasets as they come: IDX files (MNIST family) and ImageFolder trees in the ImageNet layout
 * (class folders, a flat validation folder with a CSV such as Kaggle's {@code LOC_val_solution.csv},
 * a class-names file such as {@code LOC_synset_mapping.txt}), turned into lists of labelled items
 * that are decoded lazily.
 */
package dev.recipe.data.raw;
