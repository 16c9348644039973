package org.robustr1.serve;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.ImageReadException;
import org.robustr1.core.image.RgbImage;
import org.robustr1.serve.openai.ChatRequest.ImagePart;
import org.robustr1.serve.openai.OpenAiError;

/**
 * The images of a request: base64 {@code data:} URLs always, http(s) URLs only when remote images
 * are allowed; decoded by the library's one decoder ({@link ImageDecoder#qwen()}, alpha onto white
 * as Qwen's processor) under a pixel limit checked from the header. At most {@value #DECODERS}
 * images are decoded at once, so many large uploads arriving together do not all hold their pixels
 * at the same time. Errors name the part ({@code messages[0].content[1].image_url}).
 */
final class ImageInputs {

  static final int DECODERS = 2;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final ImageDecoder decoder;
  private final boolean allowRemote;
  private final long maxBytes;
  private final Semaphore decoding = new Semaphore(DECODERS);
  private volatile HttpClient http;

  ImageInputs(long maxImagePixels, long maxBytes, boolean allowRemote) {
    this.decoder = ImageDecoder.qwen().withMaxPixels(maxImagePixels);
    this.maxBytes = maxBytes;
    this.allowRemote = allowRemote;
  }

  /** The bytes of an image URL. */
  byte[] bytes(ImagePart part) throws IOException {
    String url = requireNonNull(part.url(), "url").strip();
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      int comma = url.indexOf(',');
      if (comma < 0 || !lower.substring(0, comma).endsWith(";base64")) {
        throw OpenAiError.badRequest(part.param(), part.param()
            + ": a data URL must be base64, as data:image/png;base64,…");
      }
      try {
        return Base64.getDecoder().decode(WHITESPACE.matcher(url.substring(comma + 1)).replaceAll(""));
      } catch (IllegalArgumentException e) {
        throw OpenAiError.badRequest(part.param(), part.param() + ": the data URL is not valid base64: " + e.getMessage());
      }
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      if (!allowRemote) {
        throw OpenAiError.badRequest(part.param(), part.param() + ": remote image URLs are refused; send the"
            + " image as a base64 data: URL, or start the server with --allow-remote-images");
      }
      return fetch(url, part.param());
    }
    throw OpenAiError.badRequest(part.param(), part.param() + ": expected a data: URL"
        + (allowRemote ? " or an http(s) URL" : "") + ", got '" + shorten(url) + "'");
  }

  /**
   * Decodes an image part.
   *
   * @throws OpenAiError 400 when it is not a decodable image, 413 when it has more pixels than the
   *     limit
   */
  RgbImage load(ImagePart part) throws IOException {
    byte[] data = bytes(part);
    return decode(data, part.param());
  }

  /** Decodes image bytes; {@code param} names them in errors. */
  RgbImage decode(byte[] data, String param) throws IOException {
    try {
      decoding.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try {
      return decoder.decode(data, param);
    } catch (ImageReadException e) {
      if (e.isOverPixelLimit()) {
        throw OpenAiError.tooLarge(param, e.getMessage() + " (--max-image-pixels)");
      }
      throw OpenAiError.badRequest(param, e.getMessage());
    } finally {
      decoding.release();
    }
  }

  private byte[] fetch(String url, String param) throws IOException {
    HttpResponse<InputStream> resp;
    try {
      resp = client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IllegalArgumentException e) {
      throw OpenAiError.badRequest(param, param + ": not a valid URL: " + shorten(url));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw OpenAiError.badRequest(param, param + ": could not fetch " + shorten(url) + ": " + e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() / 100 != 2) {
        throw OpenAiError.badRequest(param, param + ": fetching " + shorten(url) + " gave HTTP " + resp.statusCode());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      for (int r; (r = in.read(buf)) >= 0; ) {
        out.write(buf, 0, r);
        if (out.size() > maxBytes) {
          throw OpenAiError.tooLarge(param, param + ": the image at " + shorten(url) + " has more than "
              + maxBytes + " bytes (--max-body-bytes)");
        }
      }
      return out.toByteArray();
    }
  }

  private HttpClient client() {
    if (http == null) {
      synchronized (this) {
        if (http == null) {
          http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
              .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
      }
    }
    return http;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
