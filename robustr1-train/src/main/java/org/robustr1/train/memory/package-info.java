/** The expected peak memory of a training run by part ({@code --estimate-memory}). */
package org.robustr1.train.memory;
