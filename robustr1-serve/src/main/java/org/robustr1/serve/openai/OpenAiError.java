package org.robustr1.serve.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HTTP error in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, with
 * its status. The message says what is wrong and, where there is one, {@code param} names the field
 * ({@code messages[0].content[1].image_url}).
 */
public final class OpenAiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;
  private final String code;

  /** An error with every field. */
  public OpenAiError(int status, String type, String code, String param, String message) {
    super(requireNonNull(message, "message"));
    this.status = status;
    this.type = requireNonNull(type, "type");
    this.code = code;
    this.param = param;
  }

  /** 400 {@code invalid_request_error} about {@code param} (may be null). */
  public static OpenAiError badRequest(String param, String message) {
    return new OpenAiError(400, "invalid_request_error", null, param, message);
  }

  /** 413 {@code invalid_request_error}, code {@code request_too_large}. */
  public static OpenAiError tooLarge(String param, String message) {
    return new OpenAiError(413, "invalid_request_error", "request_too_large", param, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** OpenAI's {@code type}. */
  public String type() {
    return type;
  }

  /** The field concerned, or null. */
  public String param() {
    return param;
  }

  /** OpenAI's {@code code}, or null. */
  public String code() {
    return code;
  }

  /** The error body. */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", getMessage());
    e.put("type", type);
    e.put("param", param);
    e.put("code", code);
    return root;
  }
}
