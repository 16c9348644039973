/** The model-facing API: prompts, sampling settings, generations and the model interface. */
package org.robustr1.model;
