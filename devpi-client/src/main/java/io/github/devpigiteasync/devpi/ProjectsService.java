package io.github.devpigiteasync.devpi;

import io.github.devpigiteasync.devpi.internal.DevpiJson;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** What an index holds for a project, reached through {@link DevpiClient#projects()}. */
public final class ProjectsService {
  private final Transport transport;
  private final IndexesService indexes;

  ProjectsService(Transport transport, IndexesService indexes) {
    this.transport = transport;
    this.indexes = indexes;
  }

  /**
   * Lists the files stored in this index itself, not inherited through bases. Empty when the
   * project is absent.
   *
   * <p>{@code GET /{user}/{index}/{project}?ignore_bases}
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public List<ReleaseFile> ownFiles(IndexRef index, String project) {
    String stage = index.toString();
    return versions(index, project, false).values().stream()
        .flatMap(v -> v.files().stream())
        // ignore_bases already limits the answer; the href check also guards servers that ignore
        // it.
        .filter(f -> f.stage().isEmpty() || f.stage().equals(stage))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Lists a project's versions with their files, adding {@code ?ignore_bases} unless {@code
   * includeBases}. Versions are in server order (unsorted). Empty when the project is absent. The
   * project name is PEP 503-normalised.
   *
   * <p>{@code GET /{user}/{index}/{project}}
   *
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Map<String, VersionData> versions(IndexRef index, String project, boolean includeBases) {
    HttpUrl.Builder url = transport.projectUrl(index, project).newBuilder();
    if (!includeBases) {
      url.addQueryParameter("ignore_bases", null);
    }
    HttpUrl built = url.build();
    return getJsonOrEmptyOn404(built, index, p -> DevpiJson.project(p, built)).orElse(Map.of());
  }

  /**
   * Reads one version (always including bases). The version string is used exactly as given.
   *
   * <p>{@code GET /{user}/{index}/{project}/{version}}
   *
   * @return empty if the project or version does not exist
   * @throws DevpiNotFoundException if the index does not exist
   */
  public Optional<VersionData> version(IndexRef index, String project, String version) {
    Objects.requireNonNull(version, "version == null");
    HttpUrl url = transport.projectUrl(index, project).newBuilder().addPathSegment(version).build();
    return getJsonOrEmptyOn404(url, index, p -> DevpiJson.version(p, version, url));
  }

  private <T> Optional<T> getJsonOrEmptyOn404(
      HttpUrl url, IndexRef index, Transport.JsonReader<T> reader) {
    try (Response response = transport.execute(new Request.Builder().url(url).get().build())) {
      if (response.code() == 404) {
        // devpi answers 404 both for a missing project/version and a missing index; tell them apart
        // with a cheap index lookup rather than by parsing human text.
        indexes.get(index);
        return Optional.empty();
      }
      if (!response.isSuccessful()) {
        throw transport.errors.decode(response, false);
      }
      return Optional.of(transport.readJson(response, reader));
    }
  }
}
