/**
 * The structured degradation-aware reasoning chain of Robust-R1.
 *
 * <p>A chain is five tagged sections, in this order: {@code <TYPE>motion blur(0.45), jpeg
 * compression(0.23)<TYPE_END>}, {@code <INFLUENCE>…<INFLUENCE_END>}, {@code
 * <REASONING>…<REASONING_END>}, {@code <CONCLUSION>…<CONCLUSION_END>} and {@code
 * <ANSWER>…<ANSWER_END>}. {@link org.robustr1.core.chain.ReasoningChain} is the typed value, {@link
 * org.robustr1.core.chain.ChainFormat} renders it in the dataset's exact text form and parses model
 * output leniently (never throwing, reporting {@link org.robustr1.core.chain.ChainProblem}s), and
 * {@link org.robustr1.core.chain.OfficialParsing} reproduces, without regular expressions and in
 * linear time, the extraction semantics of the reference reward code ({@code re.search} / {@code
 * re.findall} with Python's Unicode character classes).
 */
package org.robustr1.core.chain;
