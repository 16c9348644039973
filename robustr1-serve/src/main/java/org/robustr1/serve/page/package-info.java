/**
 * The web page at {@code /}: static HTML, CSS and JavaScript from resources (no Node build), and
 * the JSON API behind it: server-side degradation by robustr1-degrade and the answer parsed by
 * robustr1-core's {@code ChainFormat}, marked against the applied degradation.
 */
package org.robustr1.serve.page;
