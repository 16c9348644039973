/**
 * Reports: R-Bench and A-OKVQA summaries, bootstrap intervals and paired tests, CSV / JSON /
 * Markdown writers and PNG / SVG plots. They read scored results of {@link
 * org.robustr1.eval.score}; nothing there reads back from here.
 */
package org.robustr1.eval.report;
