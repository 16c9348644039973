/** The neutral in-memory image type shared by all modules. */
package org.robustr1.core.image;
