package io.github.devpigiteasync.devpi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file to upload to a devpi index, with the core metadata devpi should store for its version.
 *
 * <p>devpi never reads metadata from the file: it stores only the form fields sent. Keys outside
 * the set devpi accepts are dropped (logged at debug). Single-value fields ({@link #SINGLE_FIELDS})
 * keep one value; list fields ({@link #LIST_FIELDS}) are sent as the same form field repeated.
 *
 * @param file the file to stream from
 * @param filename the bare file name devpi stores (no {@code /} or {@code \})
 * @param name the project name, taken from the file's own metadata
 * @param version the exact version string (devpi does not normalise versions)
 * @param metadata further form fields, each with one or more values
 */
public record UploadRequest(
    Path file, String filename, String name, String version, Map<String, List<String>> metadata) {

  private static final Logger log = LoggerFactory.getLogger(UploadRequest.class);

  /** Metadata fields devpi stores with one value each. */
  public static final Set<String> SINGLE_FIELDS =
      Set.of(
          "metadata_version",
          "summary",
          "home_page",
          "author",
          "author_email",
          "maintainer",
          "maintainer_email",
          "license",
          "description",
          "keywords",
          "download_url",
          "comment",
          "requires_python",
          "description_content_type",
          "license_expression");

  /** Metadata fields devpi stores as lists, sent as repeated form fields. */
  public static final Set<String> LIST_FIELDS =
      Set.of(
          "platform",
          "classifiers",
          "supported_platform",
          "provides",
          "requires",
          "obsoletes",
          "project_urls",
          "provides_dist",
          "obsoletes_dist",
          "requires_dist",
          "requires_external",
          "provides_extras",
          "dynamic",
          "license_file");

  public UploadRequest {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(metadata, "metadata == null");
    if (filename.isBlank() || filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("filename must be a bare file name: '" + filename + "'");
    }
    // devpi answers 500 (not 400) when name or version is missing, so refuse early.
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    if (version.isBlank()) {
      throw new IllegalArgumentException("version is blank");
    }
    Map<String, List<String>> kept = new LinkedHashMap<>();
    metadata.forEach(
        (key, values) -> {
          List<String> copy = List.copyOf(values);
          if (SINGLE_FIELDS.contains(key)) {
            if (!copy.isEmpty()) {
              kept.put(key, List.of(copy.get(copy.size() - 1)));
            }
          } else if (LIST_FIELDS.contains(key)) {
            kept.put(key, copy);
          } else {
            log.debug("Dropping metadata field {} that devpi does not accept", key);
          }
        });
    metadata = Collections.unmodifiableMap(kept);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link UploadRequest}; {@code filename} defaults to the file's own name. */
  public static final class Builder {
    private @Nullable Path file;
    private @Nullable String filename;
    private @Nullable String name;
    private @Nullable String version;
    private final Map<String, List<String>> metadata = new LinkedHashMap<>();

    private Builder() {}

    /** The file to upload. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /** The bare file name sent to devpi; defaults to {@code file.getFileName()}. */
    public Builder filename(String filename) {
      this.filename = Objects.requireNonNull(filename, "filename == null");
      return this;
    }

    /** The project name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** The exact version string. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /**
     * Adds a metadata value. For a list field each call adds one more value; for a single field the
     * last call wins. Unknown fields are dropped by {@link #build()}.
     */
    public Builder field(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      metadata.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Builds the request. */
    public UploadRequest build() {
      Path f = Objects.requireNonNull(file, "file not set");
      String fn = filename;
      if (fn == null) {
        Path last = f.getFileName();
        fn = last == null ? "" : last.toString();
      }
      return new UploadRequest(
          f,
          fn,
          Objects.requireNonNull(name, "name not set"),
          Objects.requireNonNull(version, "version not set"),
          metadata);
    }
  }
}
