/**
 * OpenAI's chat-completions schema as this server speaks it: the validated request, the response
 * and stream-chunk bodies, and errors in OpenAI's {@code {"error": {…}}} shape.
 */
package org.robustr1.serve.openai;
