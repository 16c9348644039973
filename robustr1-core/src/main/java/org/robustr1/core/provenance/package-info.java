/**
 * What produced an output, Tribuo-style: the library's build ({@link
 * org.robustr1.core.provenance.BuildInfo}: version, source commit, the DJL and PyTorch versions it
 * was built against) and a {@link org.robustr1.core.provenance.Provenance} record written as {@code
 * provenance.json} beside every checkpoint, data set, evaluation result and report. A result can be
 * traced back to its code, command line, configuration, seed and input checksums, and rerun.
 */
package org.robustr1.core.provenance;
