/**
 * Reports: VLMEvalKit's {@code report_acc} tables, R-Bench and A-OKVQA summaries, bootstrap
 * intervals and paired tests, CSV / JSON / Markdown writers and PNG plots.
 */
package org.robustr1.eval.report;
