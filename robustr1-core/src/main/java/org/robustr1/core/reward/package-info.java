/**
 * The GRPO rewards of Robust-R1, as pure functions of (completion text, {@link
 * org.robustr1.core.reward.RewardContext}).
 *
 * <p>Each reward has an {@code official()} variant reproducing the reference {@code qwen_module.py}
 * (task {@code robust}) exactly, and a variant that fixes a documented weakness of the reference:
 *
 * <table>
 *   <caption>Rewards</caption>
 *   <tr><th>class</th><th>official (metric name)</th><th>variant</th></tr>
 *   <tr><td>{@link org.robustr1.core.reward.AccuracyReward}</td><td>exact, case-sensitive
 *       {@code <ANSWER>} match; two missing answers match ({@code accuracy_reward})</td>
 *       <td>normalised match (case, spaces, punctuation, option labels)</td></tr>
 *   <tr><td>{@link org.robustr1.core.reward.FormatReward}</td><td>{@code re.search} of the five
 *       sections in order ({@code format_reward_robust})</td><td>strict: nothing else, once each</td></tr>
 *   <tr><td>{@link org.robustr1.core.reward.DegradationReward}</td><td>r_deg: +1 + (0.5 − |Δs|) per
 *       matched type, −1 per wrong or missed type, unbounded ({@code type_reward})</td>
 *       <td>bounded to (−1, 1) with the reference's unused {@code custom_normalize_reward}</td></tr>
 *   <tr><td>{@link org.robustr1.core.reward.LengthReward}</td><td>r_len = 1 − |L − L*| / L* in
 *       tokens, L* = length of the solution ({@code length_reward})</td><td>clipped to [0, 1]</td></tr>
 * </table>
 *
 * <p>{@link org.robustr1.core.reward.CompositeReward#official()} sums the four official rewards
 * with weight 1, as the reference trainer does. Token counting is pluggable through {@link
 * org.robustr1.core.reward.TokenCounter}. All rewards are thread-safe, never use regular
 * expressions, and run in time linear in the completion length.
 */
package org.robustr1.core.reward;
