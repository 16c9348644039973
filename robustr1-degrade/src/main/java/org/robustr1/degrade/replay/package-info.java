/**
 * Recorded degradation cases: the JSON schema of the golden fixtures (also used for the {@code
 * degradations.jsonl} manifests this library writes), reading and writing them, and replaying them
 * bit-exactly.
 */
package org.robustr1.degrade.replay;
