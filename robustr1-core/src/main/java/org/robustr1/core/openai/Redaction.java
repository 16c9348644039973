package org.robustr1.core.openai;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of logs and error messages: URLs lose their user-info ({@code
 * http://user:pass@host/v1} prints as {@code http://host/v1}), and text a server sent back is cut
 * to a short excerpt with anything that looks like a credential replaced by {@code [redacted]}
 * (bearer tokens, {@code sk-…} keys, {@code "api_key": "…"}-style values, and the caller's own
 * key).
 */
public final class Redaction {

  /** Most characters of a server body kept in a message. */
  public static final int EXCERPT = 300;

  private static final String REDACTED = "[redacted]";
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@\\s]*@");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern SECRET_FIELD = Pattern.compile(
      "(?i)(\"?(?:api[_-]?key|access[_-]?token|token|secret|password|authorization)\"?\\s*[:=]\\s*\"?)"
          + "[^\"\\s,}]{6,}");
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(?:sk|pk|rk|hf|gsk|xai)[-_][A-Za-z0-9_-]{8,}");

  private Redaction() {}

  /** {@code uri} without its user-info part. */
  public static URI withoutUserInfo(URI uri) {
    requireNonNull(uri, "uri");
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      return URI.create(url(uri.toString()));
    }
  }

  /** A URL string without user-info, also when it does not parse as a URI. */
  public static String url(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceAll("");
  }

  /**
   * The first {@link #EXCERPT} characters of {@code text} on one line, credentials replaced by
   * {@code [redacted]}; {@code secrets} (e.g. the API key the request carried) are replaced
   * wherever they occur.
   */
  public static String excerpt(String text, String... secrets) {
    if (text == null) {
      return "";
    }
    String t = text.strip().replace('\n', ' ').replace('\r', ' ');
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        t = t.replace(s, REDACTED);
      }
    }
    t = BEARER.matcher(t).replaceAll("$1 " + REDACTED);
    t = SECRET_FIELD.matcher(t).replaceAll("$1" + REDACTED);
    t = KEY_LIKE.matcher(t).replaceAll(REDACTED);
    t = url(t);
    return t.length() <= EXCERPT ? t : t.substring(0, EXCERPT) + "…";
  }
}
