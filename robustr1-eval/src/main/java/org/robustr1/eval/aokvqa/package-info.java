/** A-OKVQA: the official JSON format with COCO image paths, prompts, and the official MC / DA metric. */
package org.robustr1.eval.aokvqa;
