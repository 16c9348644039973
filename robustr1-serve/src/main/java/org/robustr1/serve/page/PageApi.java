package org.robustr1.serve.page;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.io.DegradationCodec;
import org.robustr1.core.io.JsonLinesException;
import org.robustr1.core.length.LengthPolicy;
import org.robustr1.core.length.LinearLengthPolicy;
import org.robustr1.core.openai.ChatMessages;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.pipeline.DegradedImage;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.eval.prompt.McqPrompts;
import org.robustr1.serve.openai.OpenAiError;

/**
 * The web page: its static files (HTML, CSS and JavaScript from this jar's resources; no build
 * step) and its JSON API. {@code GET /api/info}: the models, the 16 official ops, the instructions,
 * the examples and the length policy; {@code GET /api/examples/{id}.png}; {@code POST
 * /api/degrade} {@code {image, mode, op, intensity, seed}}: the image bounded and degraded, with the
 * degradation record; {@code POST /api/parse} {@code {text, record, completion_tokens}}: the chain
 * parsed ({@link ChainView}). The answers themselves come from {@code /v1/chat/completions}.
 */
public final class PageApi {

  /** Loads an image URL ({@code data:…}) that a field of a request names. */
  @FunctionalInterface
  public interface ImageLoader {
    /**
     * @param url the image URL
     * @param field the field, for errors
     */
    RgbImage load(String url, String field) throws IOException;
  }

  /**
   * A successful answer.
   *
   * @param contentType its content type
   * @param body its bytes
   */
  public record Response(String contentType, byte[] body) {}

  private static final String RESOURCES = "/org/robustr1/serve/page/";
  private static final Map<String, String> STATIC = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");

  private final ObjectMapper mapper;
  private final String model;
  private final String baseline;
  private final ImageLoader images;
  private final long pageMaxPixels;
  private final int defaultMaxTokens;
  private final LengthPolicy policy = LengthPolicy.defaultPolicy();

  /**
   * @param model the main model's name
   * @param baseline the baseline's name, or null
   * @param images loads the uploaded image
   * @param pageMaxPixels uploads are downscaled to at most this area before degrading
   * @param defaultMaxTokens the page's initial max-tokens value
   */
  public PageApi(ObjectMapper mapper, String model, String baseline, ImageLoader images, long pageMaxPixels,
      int defaultMaxTokens) {
    this.mapper = requireNonNull(mapper, "mapper");
    this.model = requireNonNull(model, "model");
    this.baseline = baseline;
    this.images = requireNonNull(images, "images");
    this.pageMaxPixels = pageMaxPixels;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  /**
   * {@code /}, {@code /app.js} and {@code /app.css}.
   *
   * @throws OpenAiError 404 for any other path
   */
  public Response staticFile(String path) throws IOException {
    String file = STATIC.get(path);
    if (file == null) {
      throw new OpenAiError(404, "invalid_request_error", "not_found", null, "nothing at " + path);
    }
    byte[] body;
    try (InputStream in = PageApi.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCES + file + " missing from the robustr1-serve jar");
      }
      body = in.readAllBytes();
    }
    String type = file.endsWith(".html") ? "text/html; charset=utf-8"
        : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    return new Response(type, body);
  }

  /**
   * An {@code /api/…} request.
   *
   * @throws OpenAiError 400 naming the field for bad input, 404 for an unknown path
   */
  public Response api(String method, String path, byte[] body) throws IOException {
    if (path.equals("/api/info") && method.equals("GET")) {
      return json(info());
    } else if (path.startsWith("/api/examples/") && path.endsWith(".png") && method.equals("GET")) {
      String id = path.substring("/api/examples/".length(), path.length() - ".png".length());
      Examples.Example e = Examples.all().stream().filter(x -> x.id().equals(id)).findFirst()
          .orElseThrow(() -> new OpenAiError(404, "invalid_request_error", "not_found", null, "no example '" + id + "'"));
      return new Response("image/png", e.png());
    } else if (path.equals("/api/degrade") && method.equals("POST")) {
      return json(degrade(parse(body)));
    } else if (path.equals("/api/parse") && method.equals("POST")) {
      return json(parseChain(parse(body)));
    }
    throw new OpenAiError(404, "invalid_request_error", "not_found", null, "nothing at " + method + " " + path);
  }

  private ObjectNode info() {
    ObjectNode root = mapper.createObjectNode();
    root.put("model", model);
    root.put("baseline", baseline);
    root.put("max_tokens", defaultMaxTokens);
    ArrayNode ops = root.putArray("ops");
    for (DegradationType t : DegradationType.official()) {
      ObjectNode o = ops.addObject();
      o.put("op", t.opName());
      o.put("name", t.chainName());
      o.put("stage", t.stage().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
    }
    ObjectNode instr = root.putObject("instructions");
    instr.put("app", org.robustr1.core.chain.RobustR1Prompts.INFERENCE_INSTRUCTION);
    instr.put("train_template", TrainingPrompts.ROBUST_TEMPLATE);
    ArrayNode ex = root.putArray("examples");
    for (Examples.Example e : Examples.all()) {
      ObjectNode o = ex.addObject();
      o.put("id", e.id());
      o.put("title", e.title());
      o.put("question", e.question());
    }
    if (policy instanceof LinearLengthPolicy lp) {
      ObjectNode p = root.putObject("length_policy");
      p.put("min_length", lp.minLength());
      p.put("max_length", lp.maxLength());
    }
    return root;
  }

  private ObjectNode degrade(JsonNode req) throws IOException {
    String url = text(req, "image", true);
    RgbImage original = PageDegradation.bound(images.load(url, "image"), pageMaxPixels);
    String mode = text(req, "mode", false);
    String op = text(req, "op", false);
    double intensity = number(req, "intensity", 0.5);
    long seed = (long) number(req, "seed", 0);
    DegradedImage d;
    try {
      d = PageDegradation.apply(original, mode, op, intensity, seed);
    } catch (IllegalArgumentException e) {
      throw OpenAiError.badRequest(null, "the degradation failed on this image (" + original.width() + "x"
          + original.height() + "): " + e.getMessage());
    }
    ObjectNode root = mapper.createObjectNode();
    root.put("original", dataUrl(original));
    root.put("degraded", dataUrl(d.image()));
    root.put("width", original.width());
    root.put("height", original.height());
    root.set("record", DegradationCodec.toJson(d.record()));
    root.put("total_intensity", d.record().totalIntensity());
    root.put("target_length", policy.targetLength(d.record()));
    return root;
  }

  private ObjectNode parseChain(JsonNode req) {
    String text = text(req, "text", true);
    JsonNode rec = req.get("record");
    DegradationRecord applied = null;
    if (rec != null && !rec.isNull()) {
      try {
        applied = DegradationCodec.recordFromJson(rec, "request", "record");
      } catch (JsonLinesException e) {
        throw OpenAiError.badRequest("record", e.getMessage());
      }
    }
    int tokens = (int) number(req, "completion_tokens", 0);
    return ChainView.of(mapper, text, applied, tokens, policy);
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode n = mapper.readTree(body);
      if (n == null || !n.isObject()) {
        throw OpenAiError.badRequest(null, "the request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw OpenAiError.badRequest(null, "the request body could not be read: " + e.getMessage());
    }
  }

  private static String text(JsonNode req, String field, boolean required) {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw OpenAiError.badRequest(field, field + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw OpenAiError.badRequest(field, field + " must be a string");
    }
    return v.textValue();
  }

  private static double number(JsonNode req, String field, double dflt) {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw OpenAiError.badRequest(field, field + " must be a number");
    }
    return v.doubleValue();
  }

  private static String dataUrl(RgbImage img) {
    return ChatMessages.dataUrl("image/png", ImageCodec.encode(img, "png"));
  }

  private Response json(JsonNode node) throws JsonProcessingException {
    return new Response("application/json", mapper.writeValueAsBytes(node));
  }
}
