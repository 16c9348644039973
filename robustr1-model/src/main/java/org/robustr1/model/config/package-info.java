/**
 * Qwen2.5-VL checkpoint configuration: the model ({@code config.json}, flat published layout and
 * nested {@code text_config}/{@code vision_config} layout), the image processor ({@code
 * preprocessor_config.json}) and generation defaults ({@code generation_config.json}), each read
 * with validation that names the file and field, and the tensor names and shapes a config implies.
 */
package org.robustr1.model.config;
