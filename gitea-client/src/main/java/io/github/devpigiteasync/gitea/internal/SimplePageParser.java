package io.github.devpigiteasync.gitea.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import io.github.devpigiteasync.http.LinkResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Parses the per-project simple page: Gitea's PEP 503 HTML, and the PEP 691 JSON that Forgejo v16+
 * sends for a JSON {@code Accept}. Gitea's template is fixed and simple ({@code <a href="..."
 * data-requires-python="...">file</a>}), so a tolerant tag scanner suffices and avoids an HTML
 * parser dependency.
 */
public final class SimplePageParser {
  private static final Pattern ANCHOR = Pattern.compile("<a\\s([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private SimplePageParser() {}

  /**
   * Returns one entry per link. Relative links are resolved against {@code pageUrl}; links whose
   * path has fewer than two segments (no version and filename) are skipped.
   */
  public static List<SimpleFile> parse(String html, HttpUrl pageUrl) {
    LinkResolver links = new LinkResolver(pageUrl);
    List<SimpleFile> files = new ArrayList<>();
    Matcher anchor = ANCHOR.matcher(html);
    while (anchor.find()) {
      String href = null;
      String requiresPython = null;
      Matcher attr = ATTRIBUTE.matcher(anchor.group(1));
      while (attr.find()) {
        String name = attr.group(1).toLowerCase(Locale.ROOT);
        String value = unescape(firstNonNull(attr.group(2), attr.group(3), attr.group(4)));
        if (name.equals("href")) {
          href = value;
        } else if (name.equals("data-requires-python")) {
          requiresPython = value;
        }
      }
      if (href == null) {
        continue;
      }
      SimpleFile file = toFile(href, requiresPython, links);
      if (file != null) {
        files.add(file);
      }
    }
    return List.copyOf(files);
  }

  /**
   * Reads a PEP 691 JSON page ({@code {"files": [{"filename", "url", "hashes": {"sha256"},
   * "requires-python"}]}}). The version is the {@code {version}} segment of each URL, as for the
   * HTML page; a file's {@code filename} wins over the URL's last segment. Forgejo's URLs carry no
   * {@code #sha256=} fragment and an unset Requires-Python is {@code ""}.
   *
   * @throws IOException if the body is not such JSON
   */
  public static List<SimpleFile> parseJson(String json, HttpUrl pageUrl, ObjectMapper mapper)
      throws IOException {
    JsonNode root = mapper.readTree(json);
    if (root == null || !root.path("files").isArray()) {
      throw new IOException("simple page JSON has no \"files\" array");
    }
    LinkResolver links = new LinkResolver(pageUrl);
    List<SimpleFile> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      String url = f.path("url").asText("");
      if (url.isEmpty()) {
        continue;
      }
      String requiresPython =
          f.path("requires-python").isTextual() ? f.path("requires-python").asText() : null;
      SimpleFile file = toFile(url, requiresPython, links);
      if (file == null) {
        continue;
      }
      String sha256 = f.path("hashes").path("sha256").asText("");
      String filename = f.path("filename").asText("");
      files.add(
          new SimpleFile(
              filename.isEmpty() ? file.filename() : filename,
              file.version(),
              file.url(),
              HEX.matcher(sha256).matches()
                  ? Optional.of(sha256.toLowerCase(Locale.ROOT))
                  : file.sha256(),
              file.requiresPython()));
    }
    return List.copyOf(files);
  }

  private static @Nullable SimpleFile toFile(
      String href, @Nullable String requiresPython, LinkResolver links) {
    LinkResolver.Link url = links.resolve(href);
    if (url == null) {
      return null;
    }
    List<String> segments = url.pathSegments();
    if (segments.size() < 2 || segments.get(segments.size() - 1).isEmpty()) {
      return null;
    }
    String filename = segments.get(segments.size() - 1);
    String version = segments.get(segments.size() - 2);
    Optional<String> sha256 = Optional.empty();
    String fragment = url.fragment();
    if (fragment != null && fragment.startsWith("sha256=")) {
      String hex = fragment.substring("sha256=".length());
      if (HEX.matcher(hex).matches()) {
        sha256 = Optional.of(hex.toLowerCase(Locale.ROOT));
      }
    }
    Optional<String> rp =
        Optional.ofNullable(requiresPython).map(String::strip).filter(s -> !s.isEmpty());
    return new SimpleFile(filename, version, url.withoutFragment(), sha256, rp);
  }

  private static String firstNonNull(@Nullable String a, @Nullable String b, @Nullable String c) {
    if (a != null) {
      return a;
    }
    if (b != null) {
      return b;
    }
    return c == null ? "" : c;
  }

  static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String entity = m.group(1);
      String replacement;
      try {
        if (entity.startsWith("#x") || entity.startsWith("#X")) {
          replacement = new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
        } else if (entity.startsWith("#")) {
          replacement = new String(Character.toChars(Integer.parseInt(entity.substring(1))));
        } else {
          replacement =
              switch (entity) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> m.group();
              };
        }
      } catch (IllegalArgumentException e) {
        replacement = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
