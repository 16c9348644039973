/**
 * The pretrained embedded model {@code robustr1-tiny} ({@link org.robustr1.tiny.RobustR1Tiny}),
 * shipped as checksummed resources; its recipe is {@code org.robustr1.demo.pretrain}.
 */
package org.robustr1.tiny;
