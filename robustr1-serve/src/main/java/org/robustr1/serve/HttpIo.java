package org.robustr1.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.robustr1.serve.openai.OpenAiError;

/** Request bodies within a size limit and JSON, error and byte responses over an exchange. */
final class HttpIo {

  /** A refused body is read and dropped up to this many times the limit, so the client sees the status. */
  private static final int DRAIN_FACTOR = 4;

  private HttpIo() {}

  /**
   * Reads the body, at most {@code max} bytes.
   *
   * @throws OpenAiError 413 naming the limit when the body is larger (by its Content-Length, before
   *     reading, or as it is read)
   */
  static byte[] readBody(HttpExchange ex, long max) throws IOException {
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    InputStream in = ex.getRequestBody();
    if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl.strip());
      } catch (NumberFormatException e) {
        throw OpenAiError.badRequest(null, "Content-Length '" + cl + "' is not a number");
      }
      if (n > max) {
        drain(in, max * DRAIN_FACTOR);
        throw tooLarge(n + " bytes", max);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(cl == null ? 8192 : (int) Math.min(max, Long.parseLong(cl.strip())));
    byte[] buf = new byte[65536];
    long total = 0;
    for (int r; (r = in.read(buf)) >= 0; ) {
      total += r;
      if (total > max) {
        drain(in, max * DRAIN_FACTOR);
        throw tooLarge("more than " + max + " bytes", max);
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  /**
   * Reads and drops the body (up to a few times {@code max}; beyond that the connection is closed),
   * so that a client still sending it reads the refusal instead of a reset connection.
   */
  static void discardBody(HttpExchange ex, long max) throws IOException {
    drain(ex.getRequestBody(), max * DRAIN_FACTOR);
  }

  private static OpenAiError tooLarge(String size, long max) {
    return OpenAiError.tooLarge(null, "the request body has " + size + ", more than this server's limit of "
        + max + " bytes (--max-body-bytes)");
  }

  private static void drain(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[65536];
    long total = 0;
    for (int r; total < limit && (r = in.read(buf)) >= 0; ) {
      total += r;
    }
  }

  /** Sends a JSON body. */
  static void sendJson(HttpExchange ex, int status, JsonNode body, ObjectMapper mapper) throws IOException {
    send(ex, status, "application/json", mapper.writeValueAsBytes(body));
  }

  /** Sends an error in OpenAI's shape. */
  static void sendError(HttpExchange ex, OpenAiError e, ObjectMapper mapper) throws IOException {
    sendJson(ex, e.status(), e.toJson(mapper), mapper);
  }

  /** Sends bytes with a content type. */
  static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /** A UTF-8 string as bytes. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
