/**
 * A procedural visual question answering dataset in the A-OKVQA format: small rendered scenes of
 * coloured shapes with multiple-choice questions, direct answers and rationales over a small closed
 * vocabulary, so that a tiny model can learn it in minutes. Entry point: {@link
 * org.robustr1.degrade.scenes.SceneDatasetGenerator}.
 */
package org.robustr1.degrade.scenes;
