package org.robustr1.serve.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.robustr1.model.SamplingConfig;

/**
 * A {@code POST /v1/chat/completions} body, validated: one user turn (text and {@code image_url}
 * parts; images go before the text, as Qwen2.5-VL's processor and Robust-R1's {@code app.py} place
 * them), an optional system turn, and the sampling fields. Every refusal is a 400 {@link
 * OpenAiError} naming the field.
 *
 * <p>Supported: {@code model}, {@code messages}, {@code temperature} (default 1, as OpenAI),
 * {@code top_p}, {@code max_tokens} / {@code max_completion_tokens}, {@code stop}, {@code seed}
 * (a random one when absent), {@code stream}, {@code stream_options.include_usage}, {@code n} = 1,
 * and vLLM's {@code top_k} and {@code repetition_penalty}. Refused rather than ignored: {@code n}
 * &gt; 1, non-zero {@code frequency_penalty} / {@code presence_penalty}, {@code logprobs}, tools
 * and structured output, earlier assistant turns. Other fields are ignored, as OpenAI's servers do.
 */
public final class ChatRequest {

  /** The most stop strings OpenAI accepts. */
  public static final int MAX_STOP_STRINGS = 4;

  /**
   * One {@code image_url} part.
   *
   * @param url the URL as sent ({@code data:image/png;base64,…} or http(s))
   * @param param where it is in the request, e.g. {@code messages[0].content[1].image_url}
   */
  public record ImagePart(String url, String param) {}

  private final String model;
  private final String system;
  private final String text;
  private final ImmutableList<ImagePart> images;
  private final boolean stream;
  private final boolean includeUsage;
  private final double temperature;
  private final double topP;
  private final int topK;
  private final double repetitionPenalty;
  private final Integer maxTokens;
  private final ImmutableList<String> stop;
  private final long seed;

  private ChatRequest(Parser p) {
    this.model = p.model;
    this.system = p.system;
    this.text = p.text;
    this.images = ImmutableList.copyOf(p.images);
    this.stream = p.stream;
    this.includeUsage = p.includeUsage;
    this.temperature = p.temperature;
    this.topP = p.topP;
    this.topK = p.topK;
    this.repetitionPenalty = p.repetitionPenalty;
    this.maxTokens = p.maxTokens;
    this.stop = ImmutableList.copyOf(p.stop);
    this.seed = p.seed;
  }

  /**
   * Parses and validates a request body.
   *
   * @throws OpenAiError 400 for a body that is not JSON or a field that is missing, of the wrong
   *     type or out of range
   */
  public static ChatRequest parse(byte[] body, ObjectMapper mapper) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw OpenAiError.badRequest(null, "the request body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw OpenAiError.badRequest(null, "the request body must be a JSON object, got "
          + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    Parser p = new Parser();
    p.parse(root);
    return new ChatRequest(p);
  }

  /** The requested model name, or null for the server's default. */
  public String model() {
    return model;
  }

  /** The system turn, or null for the model's default. */
  public String system() {
    return system;
  }

  /** The user text (text parts concatenated, as the chat template renders them). */
  public String text() {
    return text;
  }

  /** The image parts, in order. */
  public ImmutableList<ImagePart> images() {
    return images;
  }

  /** Whether to answer with server-sent events. */
  public boolean stream() {
    return stream;
  }

  /** Whether a streamed answer ends with a usage chunk. */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** The stop strings. */
  public ImmutableList<String> stop() {
    return stop;
  }

  /** The requested {@code max_tokens}, or null. */
  public Integer maxTokens() {
    return maxTokens;
  }

  /**
   * The sampling configuration: {@code max_tokens} or {@code defaultMaxTokens}, at most {@code
   * maxTokensLimit}.
   *
   * @throws OpenAiError 400 when {@code max_tokens} is over the limit
   */
  public SamplingConfig sampling(int defaultMaxTokens, int maxTokensLimit) {
    int n = maxTokens == null ? Math.min(defaultMaxTokens, maxTokensLimit) : maxTokens;
    if (n > maxTokensLimit) {
      throw OpenAiError.badRequest("max_tokens", "max_tokens is " + n + ", more than this server's limit of "
          + maxTokensLimit + " (--max-tokens-limit)");
    }
    return temperature == 0
        ? new SamplingConfig(n, 0, 0, 1.0, repetitionPenalty, seed)
        : new SamplingConfig(n, temperature, topK, topP, repetitionPenalty, seed);
  }

  /** The field-by-field reader. */
  private static final class Parser {
    String model;
    String system;
    String text;
    final List<ImagePart> images = new ArrayList<>();
    boolean stream;
    boolean includeUsage;
    double temperature = 1.0;
    double topP = 1.0;
    int topK;
    double repetitionPenalty = 1.0;
    Integer maxTokens;
    final List<String> stop = new ArrayList<>();
    long seed = ThreadLocalRandom.current().nextLong();

    void parse(JsonNode root) {
      model = optText(root, "model");
      messages(root.get("messages"));
      stream = optBoolean(root, "stream", false);
      JsonNode so = root.get("stream_options");
      if (so != null && !so.isNull()) {
        if (!so.isObject()) {
          throw OpenAiError.badRequest("stream_options", "stream_options must be an object");
        }
        includeUsage = optBoolean(so, "include_usage", false, "stream_options.include_usage");
      }
      Double t = optNumber(root, "temperature");
      if (t != null) {
        if (!(t >= 0 && t <= 2)) {
          throw OpenAiError.badRequest("temperature", "temperature must be between 0 and 2, got " + t);
        }
        temperature = t;
      }
      Double tp = optNumber(root, "top_p");
      if (tp != null) {
        if (!(tp > 0 && tp <= 1)) {
          throw OpenAiError.badRequest("top_p", "top_p must be in (0, 1], got " + tp);
        }
        topP = tp;
      }
      Long tk = optInteger(root, "top_k");
      if (tk != null) {
        if (tk < -1 || tk > Integer.MAX_VALUE) {
          throw OpenAiError.badRequest("top_k", "top_k must be >= 0 (or -1 for off), got " + tk);
        }
        topK = (int) Math.max(0, tk);
      }
      Double rp = optNumber(root, "repetition_penalty");
      if (rp != null) {
        if (!(rp > 0) || Double.isInfinite(rp)) {
          throw OpenAiError.badRequest("repetition_penalty", "repetition_penalty must be > 0, got " + rp);
        }
        repetitionPenalty = rp;
      }
      for (String f : List.of("max_tokens", "max_completion_tokens")) {
        Long m = optInteger(root, f);
        if (m != null) {
          if (m < 1 || m > Integer.MAX_VALUE) {
            throw OpenAiError.badRequest(f, f + " must be >= 1, got " + m);
          }
          maxTokens = m.intValue();
        }
      }
      Long n = optInteger(root, "n");
      if (n != null && n != 1) {
        throw OpenAiError.badRequest("n", "n must be 1 (one choice per request), got " + n);
      }
      Long s = optInteger(root, "seed");
      if (s != null) {
        seed = s;
      }
      stop(root.get("stop"));
      for (String f : List.of("frequency_penalty", "presence_penalty")) {
        Double v = optNumber(root, f);
        if (v != null && v != 0) {
          throw OpenAiError.badRequest(f, f + " is not supported (use repetition_penalty); got " + v);
        }
      }
      if (optBoolean(root, "logprobs", false)) {
        throw OpenAiError.badRequest("logprobs", "logprobs are not supported by this server");
      }
      for (String f : List.of("tools", "functions")) {
        JsonNode v = root.get(f);
        if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
          throw OpenAiError.badRequest(f, f + " (function calling) are not supported by this server");
        }
      }
      JsonNode rf = root.get("response_format");
      if (rf != null && !rf.isNull() && !"text".equals(rf.path("type").asText("text"))) {
        throw OpenAiError.badRequest("response_format", "response_format " + rf.path("type").asText()
            + " is not supported; only text");
      }
    }

    void messages(JsonNode msgs) {
      if (msgs == null || msgs.isNull()) {
        throw OpenAiError.badRequest("messages", "messages is required");
      }
      if (!msgs.isArray() || msgs.isEmpty()) {
        throw OpenAiError.badRequest("messages", "messages must be a non-empty array");
      }
      StringBuilder sys = null;
      for (int i = 0; i < msgs.size(); i++) {
        String where = "messages[" + i + "]";
        JsonNode m = msgs.get(i);
        if (!m.isObject()) {
          throw OpenAiError.badRequest(where, where + " must be an object with role and content");
        }
        String role = optText(m, "role", where + ".role");
        if (role == null) {
          throw OpenAiError.badRequest(where + ".role", where + ".role is required");
        }
        switch (role) {
          case "system", "developer" -> {
            if (text != null) {
              throw OpenAiError.badRequest(where, where + ": a system message after the user message is not supported");
            }
            String t = systemText(m.get("content"), where + ".content");
            sys = sys == null ? new StringBuilder(t) : sys.append('\n').append(t);
          }
          case "user" -> {
            if (text != null) {
              throw multiTurn(where);
            }
            user(m.get("content"), where + ".content");
          }
          case "assistant", "tool", "function" -> throw multiTurn(where);
          default -> throw OpenAiError.badRequest(where + ".role",
              where + ".role '" + role + "' is unknown; expected system, user or assistant");
        }
      }
      if (text == null) {
        throw OpenAiError.badRequest("messages", "messages has no user message");
      }
      system = sys == null ? null : sys.toString();
    }

    static OpenAiError multiTurn(String where) {
      return OpenAiError.badRequest(where, where + ": multi-turn conversations are not supported by this"
          + " server; send one user message (after an optional system message)");
    }

    String systemText(JsonNode content, String where) {
      if (content != null && content.isTextual()) {
        return content.textValue();
      }
      if (content == null || !content.isArray()) {
        throw OpenAiError.badRequest(where, where + " must be a string or an array of text parts");
      }
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String pw = where + "[" + j + "]";
        if (!"text".equals(part.path("type").asText(null))) {
          throw OpenAiError.badRequest(pw, pw + ": a system message takes text parts only");
        }
        sb.append(requiredText(part, "text", pw + ".text"));
      }
      return sb.toString();
    }

    void user(JsonNode content, String where) {
      if (content != null && content.isTextual()) {
        text = content.textValue();
        return;
      }
      if (content == null || !content.isArray()) {
        throw OpenAiError.badRequest(where, where + " must be a string or an array of text and image_url parts");
      }
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String pw = where + "[" + j + "]";
        if (!part.isObject()) {
          throw OpenAiError.badRequest(pw, pw + " must be an object with a type");
        }
        String type = optText(part, "type", pw + ".type");
        if ("text".equals(type)) {
          sb.append(requiredText(part, "text", pw + ".text"));
        } else if ("image_url".equals(type)) {
          JsonNode iu = part.get("image_url");
          String url;
          if (iu != null && iu.isTextual()) {
            url = iu.textValue();
          } else if (iu != null && iu.isObject()) {
            url = requiredText(iu, "url", pw + ".image_url.url");
          } else {
            throw OpenAiError.badRequest(pw + ".image_url", pw + ".image_url must be an object with a url");
          }
          images.add(new ImagePart(url, pw + ".image_url"));
        } else {
          throw OpenAiError.badRequest(pw + ".type", pw + ".type '" + type
              + "' is not supported; expected text or image_url");
        }
      }
      text = sb.toString();
    }

    void stop(JsonNode s) {
      if (s == null || s.isNull()) {
        return;
      }
      if (s.isTextual()) {
        add(s.textValue(), "stop");
        return;
      }
      if (!s.isArray()) {
        throw OpenAiError.badRequest("stop", "stop must be a string or an array of strings");
      }
      if (s.size() > MAX_STOP_STRINGS) {
        throw OpenAiError.badRequest("stop", "stop has " + s.size() + " strings; at most " + MAX_STOP_STRINGS);
      }
      for (int i = 0; i < s.size(); i++) {
        if (!s.get(i).isTextual()) {
          throw OpenAiError.badRequest("stop[" + i + "]", "stop[" + i + "] must be a string");
        }
        add(s.get(i).textValue(), "stop[" + i + "]");
      }
    }

    void add(String s, String where) {
      if (s.isEmpty()) {
        throw OpenAiError.badRequest(where, where + " must not be empty");
      }
      stop.add(s);
    }

    static String requiredText(JsonNode parent, String field, String where) {
      String v = optText(parent, field, where);
      if (v == null) {
        throw OpenAiError.badRequest(where, where + " is required");
      }
      return v;
    }

    static String optText(JsonNode parent, String field) {
      return optText(parent, field, field);
    }

    static String optText(JsonNode parent, String field, String where) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw wrongType(where, "a string", v);
      }
      return v.textValue();
    }

    static boolean optBoolean(JsonNode parent, String field, boolean dflt) {
      return optBoolean(parent, field, dflt, field);
    }

    static boolean optBoolean(JsonNode parent, String field, boolean dflt, String where) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isBoolean()) {
        throw wrongType(where, "true or false", v);
      }
      return v.booleanValue();
    }

    static Double optNumber(JsonNode parent, String field) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isNumber()) {
        throw wrongType(field, "a number", v);
      }
      return v.doubleValue();
    }

    static Long optInteger(JsonNode parent, String field) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw wrongType(field, "an integer", v);
      }
      return v.longValue();
    }

    static OpenAiError wrongType(String where, String expected, JsonNode v) {
      String shown = v.toString();
      if (shown.length() > 60) {
        shown = shown.substring(0, 60) + "…";
      }
      return OpenAiError.badRequest(where, where + " must be " + expected + ", got " + shown);
    }
  }
}
