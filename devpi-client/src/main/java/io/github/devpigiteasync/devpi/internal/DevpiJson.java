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
 * {@code log}, …) never break parsing; the project document, the largest, is read as a token
 * stream.
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
   * project) is an empty map, and so is an empty body. Read as a stream, so that no tree of every
   * metadata field devpi sends per version (for an unchanged pass most of what is read) is built;
   * the answer is the one a tree reading of {@link #version(String, JsonNode, HttpUrl)} per object
   * would give, repeated keys included (first place, last value). Only {@code result}'s versions,
   * their {@code version}, {@code name}, {@code requires_python} and {@code +links} (each link's
   * {@code rel}, {@code href}, {@code hashes} and {@code hash_spec}) are looked at; everything else
   * is skipped.
   *
   * @throws IOException if the body is not JSON
   */
  public static Map<String, VersionData> project(JsonParser p, HttpUrl requestUrl)
      throws IOException {
    LinkResolver links = new LinkResolver(requestUrl);
    // null for a key whose value is not an object; a repeated key keeps its first place and its
    // last value, as in a tree
    Map<String, @Nullable VersionData> versions = new LinkedHashMap<>();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Map.of();
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("result")) {
        versions.clear();
        if (value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.START_OBJECT) {
              versions.put(key, version(key, p, links));
            } else {
              versions.put(key, null);
              p.skipChildren();
            }
          }
          continue;
        }
      }
      p.skipChildren();
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

  /** One {@code +links} entry: what a tree's {@code path(..)} would have given for it. */
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
        continue; // path("rel") of a non-object is missing: not a release file
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

  /** One versiondata object; {@code key} is the version when the object lacks one. */
  public static VersionData version(String key, JsonNode data, HttpUrl requestUrl) {
    return version(key, data, new LinkResolver(requestUrl));
  }

  private static VersionData version(String key, JsonNode data, LinkResolver links) {
    String version = textOr(data.get("version"), key);
    String requiresPython = textOr(data.get("requires_python"), "").trim();
    List<ReleaseFile> files = new ArrayList<>();
    // A version registered by submit has no "+links" at all: it has no files.
    for (JsonNode link : data.path("+links")) {
      if (!"releasefile".equals(link.path("rel").asText())) {
        continue;
      }
      String rawHref = link.path("href").asText("");
      releaseFile(rawHref, version, sha256(link), links, files);
    }
    return new VersionData(
        textOr(data.get("name"), ""),
        version,
        requiresPython.isEmpty() ? Optional.empty() : Optional.of(requiresPython),
        files);
  }

  /** {@code hashes.sha256} (6.18+), else the hex of {@code hash_spec = "sha256=<hex>"}. */
  static Optional<String> sha256(JsonNode link) {
    return sha256(link.path("hashes").path("sha256"), link.get("hash_spec"));
  }

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
