/**
 * Helpers shared by the tests of every module (as DJL's {@code testing} module): locating the
 * reference fixtures that parity tests compare against. Not a dependency of any production code.
 */
package org.robustr1.testing;
