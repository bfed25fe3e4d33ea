package io.github.devpigiteasync.gitea.internal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.devpigiteasync.gitea.model.ApiSettings;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.Repository;
import io.github.devpigiteasync.gitea.model.User;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads Gitea's JSON into the public model records. Wire shapes are private DTO records with
 * nullable fields (servers omit things), mapped here to records with Optionals.
 */
public final class GiteaJson {
  /**
   * Largest JSON document read (32 MiB): a page of 50 packages is a few dozen KiB, so anything near
   * this is not a real answer, and refusing it keeps memory bounded.
   */
  public static final long MAX_DOCUMENT_BYTES = 32L << 20;

  private final ObjectMapper mapper;

  public GiteaJson() {
    this.mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_DOCUMENT_BYTES)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  record UserDto(long id, @Nullable String login) {}

  record RepositoryDto(
      long id,
      @Nullable String name,
      @JsonProperty("full_name") @Nullable String fullName,
      boolean archived,
      @JsonProperty("private") boolean isPrivate,
      @JsonProperty("html_url") @Nullable String htmlUrl) {}

  record PackageDto(
      long id,
      @Nullable UserDto owner,
      @Nullable RepositoryDto repository,
      @Nullable UserDto creator,
      @Nullable String type,
      @Nullable String name,
      @Nullable String version,
      @JsonProperty("html_url") @Nullable String htmlUrl,
      @JsonProperty("created_at") @Nullable String createdAt) {}

  // Gitea < 1.24 sends "Size" (Go field without json tag), 1.24+ sends "size".
  record PackageFileDto(
      long id,
      @JsonProperty("size") @JsonAlias("Size") long size,
      @Nullable String name,
      @JsonProperty("md5") @Nullable String md5,
      @JsonProperty("sha1") @Nullable String sha1,
      @JsonProperty("sha256") @Nullable String sha256,
      @JsonProperty("sha512") @Nullable String sha512) {}

  record VersionDto(@Nullable String version) {}

  record ApiSettingsDto(
      @JsonProperty("max_response_items") int maxResponseItems,
      @JsonProperty("default_paging_num") int defaultPagingNum) {}

  /** The DTO classes, so that the OpenAPI contract test can check their property names. */
  public static List<Class<?>> wireTypes() {
    return List.of(
        UserDto.class,
        RepositoryDto.class,
        PackageDto.class,
        PackageFileDto.class,
        VersionDto.class,
        ApiSettingsDto.class);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public List<GiteaPackage> readPackages(InputStream in) throws IOException {
    List<PackageDto> dtos = nonNull(mapper.readValue(in, new TypeReference<List<PackageDto>>() {}));
    List<GiteaPackage> out = new ArrayList<>(dtos.size());
    for (PackageDto d : dtos) {
      if (d != null) {
        out.add(toPackage(d));
      }
    }
    return out;
  }

  public List<PackageFile> readFiles(InputStream in) throws IOException {
    List<PackageFileDto> dtos =
        nonNull(mapper.readValue(in, new TypeReference<List<PackageFileDto>>() {}));
    List<PackageFile> out = new ArrayList<>(dtos.size());
    for (PackageFileDto d : dtos) {
      if (d != null) {
        out.add(
            new PackageFile(
                d.id(),
                nn(d.name()),
                d.size(),
                nn(d.md5()),
                nn(d.sha1()),
                nn(d.sha256()),
                nn(d.sha512())));
      }
    }
    out.sort(Comparator.comparing(PackageFile::name));
    return List.copyOf(out);
  }

  public Repository readRepository(InputStream in) throws IOException {
    return toRepository(nonNull(mapper.readValue(in, RepositoryDto.class)));
  }

  public GiteaVersion readVersion(InputStream in) throws IOException {
    return new GiteaVersion(nn(nonNull(mapper.readValue(in, VersionDto.class)).version()));
  }

  public ApiSettings readApiSettings(InputStream in) throws IOException {
    ApiSettingsDto d = nonNull(mapper.readValue(in, ApiSettingsDto.class));
    int max =
        d.maxResponseItems() > 0 ? d.maxResponseItems() : ApiSettings.DEFAULTS.maxResponseItems();
    int def =
        d.defaultPagingNum() > 0 ? d.defaultPagingNum() : ApiSettings.DEFAULTS.defaultPagingNum();
    return new ApiSettings(max, def);
  }

  /** Gitea's {@code {"message": "..."}} error text, if the body is such JSON. */
  public Optional<String> errorMessage(String body) {
    String trimmed = body.trim();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = mapper.readTree(trimmed);
      JsonNode message = node == null ? null : node.get("message");
      return message != null && message.isTextual()
          ? Optional.of(message.asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static GiteaPackage toPackage(PackageDto d) {
    return new GiteaPackage(
        d.id(),
        d.owner() == null ? new User(0, "") : toUser(d.owner()),
        Optional.ofNullable(d.repository()).map(GiteaJson::toRepository),
        Optional.ofNullable(d.creator()).map(GiteaJson::toUser),
        nn(d.type()),
        nn(d.name()),
        nn(d.version()),
        Optional.ofNullable(d.htmlUrl()).filter(s -> !s.isEmpty()),
        parseTime(d.createdAt()));
  }

  private static User toUser(UserDto u) {
    return new User(u.id(), nn(u.login()));
  }

  private static Repository toRepository(RepositoryDto r) {
    return new Repository(
        r.id(),
        nn(r.name()),
        nn(r.fullName()),
        r.archived(),
        r.isPrivate(),
        Optional.ofNullable(r.htmlUrl()).filter(s -> !s.isEmpty()));
  }

  private static Optional<OffsetDateTime> parseTime(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    try {
      // Keep the server's offset; Jackson's default would shift it to UTC.
      return Optional.of(OffsetDateTime.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  // A body of just "null" maps to null; refuse it like any other malformed body.
  private static <T> T nonNull(@Nullable T value) throws IOException {
    if (value == null) {
      throw new IOException("malformed response: JSON null where a value was expected");
    }
    return value;
  }

  private static String nn(@Nullable String s) {
    return s == null ? "" : s;
  }
}
