/**
 * The Python list literals the benchmark files embed ({@code ['6a.jpg', '6b.jpg']}), read as Java
 * lists. Python's string rules themselves (whitespace, {@code split}, {@code repr(float)}) live in
 * {@link org.robustr1.core.chain.PythonText}.
 */
package org.robustr1.eval.text;
