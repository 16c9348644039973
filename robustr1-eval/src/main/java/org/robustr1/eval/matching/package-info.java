/**
 * VLMEvalKit's multiple-choice answer matching ({@code can_infer}) under its three historical rule
 * sets, plus the judge-assisted extraction ({@code extract_answer_from_item}) built on it.
 */
package org.robustr1.eval.matching;
