package io.github.devpigiteasync.gitea.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A Gitea repository ({@code GET /api/v1/repos/{owner}/{repo}} or embedded in a package).
 *
 * @param id repository id
 * @param name repository name without owner
 * @param fullName {@code owner/name}
 * @param archived whether the repository is archived
 * @param isPrivate whether the repository is private
 * @param htmlUrl web URL, built by the server from its {@code ROOT_URL}
 */
public record Repository(
    long id,
    String name,
    String fullName,
    boolean archived,
    boolean isPrivate,
    Optional<String> htmlUrl) {
  public Repository {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(fullName, "fullName == null");
    Objects.requireNonNull(htmlUrl, "htmlUrl == null");
  }
}
