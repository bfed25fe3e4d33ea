package io.github.devpigiteasync.devpi.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.devpi.model.AuthStatus;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import io.github.devpigiteasync.http.LinkResolver;
import java.io.IOException;
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
 * Reads devpi's {@code {"result": …, "type": …}} envelopes into model records. Looks up the keys it
 * needs and ignores the rest, so that the many keys devpi adds per version (every metadata field,
 * {@code log}, …) never break parsing. Versiondata, in the project document (the largest) and in
 * the version document alike, is read by one reader over a token stream: no tree of the metadata
 * devpi sends is built.
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
   * {@code GET /user/index/project}: version → versiondata, in server order; an absent or
   * non-object {@code result} (the {@code {}} devpi gives for {@code ?ignore_bases} on an absent
   * project) is an empty map, and so is an empty body. Keys whose value is not an object are left
   * out; a repeated key keeps its first place and its last value.
   *
   * @throws IOException if the body is not JSON
   */
  public static Map<String, VersionData> project(JsonParser p, HttpUrl requestUrl)
      throws IOException {
    LinkResolver links = new LinkResolver(requestUrl);
    Map<String, VersionData> versions = result(p, () -> versions(p, links));
    return versions == null ? Map.of() : versions;
  }

  /**
   * {@code GET /user/index/project/version}: the {@code versiondata} in {@code result}. An absent
   * or non-object {@code result}, or an empty body, is a version without name or files; {@code
   * requested} is the version when the object lacks one.
   *
   * @throws IOException if the body is not JSON
   */
  public static VersionData version(JsonParser p, String requested, HttpUrl requestUrl)
      throws IOException {
    LinkResolver links = new LinkResolver(requestUrl);
    VersionData data = result(p, () -> version(requested, p, links));
    return data == null ? new VersionData("", requested, Optional.empty(), List.of()) : data;
  }

  /** Reads a value with the parser on its START_OBJECT, leaving it on the matching END_OBJECT. */
  private interface ObjectReader<T> {
    T read() throws IOException;
  }

  /**
   * Reads the envelope {@code {"result": …, "type": …}}: the last {@code result} counts, and is
   * null when it is not an object; every other key is skipped, as is anything after the envelope.
   */
  private static <T> @Nullable T result(JsonParser p, ObjectReader<T> reader) throws IOException {
    T result = null;
    if (p.nextToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("result")) {
        result = value == JsonToken.START_OBJECT ? reader.read() : null;
      }
      p.skipChildren(); // no-op on the END_OBJECT a reader leaves
    }
    return result;
  }

  // the parser is on result's START_OBJECT; leaves it on its END_OBJECT
  private static Map<String, VersionData> versions(JsonParser p, LinkResolver links)
      throws IOException {
    // null for a key whose value is not an object, so that a repeated key keeps its first place
    Map<String, @Nullable VersionData> versions = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() == JsonToken.START_OBJECT) {
        versions.put(key, version(key, p, links));
      } else {
        versions.put(key, null);
        p.skipChildren();
      }
    }
    Map<String, VersionData> objects = new LinkedHashMap<>();
    versions.forEach(
        (k, v) -> {
          if (v != null) {
            objects.put(k, v);
          }
        });
    return Collections.unmodifiableMap(objects);
  }

  // the parser is on the version's START_OBJECT; leaves it on its END_OBJECT
  private static VersionData version(String key, JsonParser p, LinkResolver links)
      throws IOException {
    JsonNode version = null;
    JsonNode name = null;
    JsonNode requiresPython = null;
    List<RawLink> raw = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "version" -> version = p.readValueAsTree();
        case "name" -> name = p.readValueAsTree();
        case "requires_python" -> requiresPython = p.readValueAsTree();
        case "+links" -> raw = links(p, value);
        default -> p.skipChildren();
      }
    }
    String v = textOr(version, key);
    List<ReleaseFile> files = new ArrayList<>(raw.size());
    for (RawLink link : raw) {
      if (link.releaseFile()) {
        releaseFile(link.href(), v, link.sha256(), links, files);
      }
    }
    String rp = textOr(requiresPython, "").trim();
    return new VersionData(
        textOr(name, ""), v, rp.isEmpty() ? Optional.empty() : Optional.of(rp), files);
  }

  /** One {@code +links} entry. */
  private record RawLink(boolean releaseFile, String href, Optional<String> sha256) {}

  private static List<RawLink> links(JsonParser p, JsonToken container) throws IOException {
    if (container != JsonToken.START_ARRAY && container != JsonToken.START_OBJECT) {
      p.skipChildren();
      return List.of(); // a scalar iterates as nothing
    }
    // an object's values iterate like an array's elements
    JsonToken end = container == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    List<RawLink> links = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != end; t = p.nextToken()) {
      if (t == JsonToken.FIELD_NAME) {
        t = p.nextToken();
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue; // a non-object entry has no rel: not a release file
      }
      JsonNode rel = null;
      JsonNode href = null;
      JsonNode hashes = null;
      JsonNode hashSpec = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "rel" -> rel = p.readValueAsTree();
          case "href" -> href = p.readValueAsTree();
          case "hashes" -> hashes = p.readValueAsTree();
          case "hash_spec" -> hashSpec = p.readValueAsTree();
          default -> p.skipChildren();
        }
      }
      links.add(
          new RawLink(
              rel != null && "releasefile".equals(rel.asText()),
              href == null ? "" : href.asText(""),
              sha256(hashes == null ? null : hashes.path("sha256"), hashSpec)));
    }
    return links;
  }

  private static void releaseFile(
      String rawHref,
      String version,
      Optional<String> sha256,
      LinkResolver links,
      List<ReleaseFile> files) {
    LinkResolver.Link href = links.resolve(rawHref);
    if (href == null) {
      return;
    }
    List<String> segments = href.pathSegments();
    String filename = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    files.add(new ReleaseFile(filename, href.url(), version, sha256, stage(segments)));
  }

  /** {@code hashes.sha256} (6.18+), else the hex of {@code hash_spec = "sha256=<hex>"}. */
  private static Optional<String> sha256(
      @Nullable JsonNode hashesSha256, @Nullable JsonNode hashSpec) {
    String fromHashes = hashesSha256 == null ? "" : hashesSha256.asText("");
    if (!fromHashes.isEmpty()) {
      return Optional.of(fromHashes.toLowerCase(Locale.ROOT));
    }
    String spec = hashSpec == null ? "" : hashSpec.asText("");
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
