package io.github.devpigiteasync.devpi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.devpi.model.AuthStatus;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Reads devpi's {@code {"result": …, "type": …}} envelopes into model records. Works on trees so
 * that the many keys devpi adds per version (every metadata field, {@code log}, …) never break
 * parsing.
 */
public final class DevpiJson {
  private DevpiJson() {}

  /** {@code GET /+api}: {@code result.authstatus = [status, user, groups]}. */
  public static AuthStatus authStatus(JsonNode root) {
    JsonNode status = root.path("result").path("authstatus");
    return new AuthStatus(status.path(0).asText("noauth"), status.path(1).asText(""));
  }

  /** {@code GET /user/index?no_projects=}: the indexconfig. */
  public static IndexInfo index(String name, JsonNode root) {
    JsonNode result = root.path("result");
    List<String> bases = new ArrayList<>();
    for (JsonNode base : result.path("bases")) {
      bases.add(base.asText());
    }
    return new IndexInfo(
        name, result.path("type").asText("stage"), result.path("volatile").asBoolean(true), bases);
  }

  /**
   * {@code GET /user/index/project}: version → versiondata. An absent {@code result} (the {@code
   * {}} devpi gives for {@code ?ignore_bases} on an absent project) is an empty map.
   */
  public static Map<String, VersionData> project(JsonNode root, HttpUrl requestUrl) {
    JsonNode result = root.path("result");
    Map<String, VersionData> versions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : result.properties()) {
      if (entry.getValue().isObject()) {
        versions.put(entry.getKey(), version(entry.getKey(), entry.getValue(), requestUrl));
      }
    }
    return Collections.unmodifiableMap(versions);
  }

  /** One versiondata object; {@code key} is the version when the object lacks one. */
  public static VersionData version(String key, JsonNode data, HttpUrl requestUrl) {
    String version = textOr(data.get("version"), key);
    String requiresPython = textOr(data.get("requires_python"), "").trim();
    List<ReleaseFile> files = new ArrayList<>();
    // A version registered by submit has no "+links" at all: it has no files.
    for (JsonNode link : data.path("+links")) {
      if (!"releasefile".equals(link.path("rel").asText())) {
        continue;
      }
      String rawHref = link.path("href").asText("");
      HttpUrl href = requestUrl.resolve(rawHref);
      if (href == null) {
        continue;
      }
      List<String> segments = href.pathSegments();
      String filename = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
      files.add(new ReleaseFile(filename, href.toString(), version, sha256(link), stage(segments)));
    }
    return new VersionData(
        textOr(data.get("name"), ""),
        version,
        requiresPython.isEmpty() ? Optional.empty() : Optional.of(requiresPython),
        files);
  }

  /** {@code hashes.sha256} (6.18+), else the hex of {@code hash_spec = "sha256=<hex>"}. */
  static Optional<String> sha256(JsonNode link) {
    String fromHashes = link.path("hashes").path("sha256").asText("");
    if (!fromHashes.isEmpty()) {
      return Optional.of(fromHashes.toLowerCase(Locale.ROOT));
    }
    String spec = link.path("hash_spec").asText("");
    if (spec.startsWith("sha256=") && spec.length() > "sha256=".length()) {
      return Optional.of(spec.substring("sha256=".length()).toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }

  /** {@code …/alice/dev/+f/3c4/1f2…/file.whl} → {@code alice/dev}; empty if not of that shape. */
  static String stage(List<String> segments) {
    int f = segments.lastIndexOf("+f");
    if (f < 2) {
      return "";
    }
    return segments.get(f - 2) + "/" + segments.get(f - 1);
  }

  private static String textOr(@Nullable JsonNode node, String fallback) {
    return node == null || node.isNull() || !node.isValueNode() ? fallback : node.asText();
  }
}
