/**
 * JSON and JSON Lines for the library's data: the official {@code train.jsonl} row ({@link
 * org.robustr1.core.io.TrainRow}, round-tripping unknown keys and, when unchanged, the exact line),
 * the typed {@link org.robustr1.core.io.RobustSample}, degradation records in the golden fixture
 * schema ({@code {"op", "intensity", "params"}}, {@link org.robustr1.core.io.DegradationCodec}),
 * chains ({@link org.robustr1.core.io.ChainCodec}) and line-numbered reading and writing ({@link
 * org.robustr1.core.io.JsonLines}).
 *
 * <p>Bad input raises a {@link org.robustr1.core.io.JsonLinesException} whose message names the
 * file, the line and the field, e.g. {@code train.jsonl line 12: missing field
 * conversations[1].value}.
 */
package org.robustr1.core.io;
