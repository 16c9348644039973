/**
 * Python string semantics the reference toolkits rely on ({@code str.split()}, {@code str.lower()},
 * code-point lengths, {@code repr(float)}), so that Java matches them character for character.
 */
package org.robustr1.eval.text;
