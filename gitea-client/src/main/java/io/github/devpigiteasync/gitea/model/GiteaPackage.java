package io.github.devpigiteasync.gitea.model;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One package <em>version</em> as listed by Gitea's package API.
 *
 * @param id the package version id (Gitea exposes no id for the package itself)
 * @param owner the user or organisation owning the package
 * @param repository the linked repository; empty when not linked, deleted, or not visible to the
 *     caller
 * @param creator the user who uploaded the version
 * @param type package type, e.g. {@code pypi}
 * @param name stored package name (PyPI: {@code .} and {@code _} replaced by {@code -}, case kept)
 * @param version version string exactly as uploaded
 * @param htmlUrl web URL of the version
 * @param createdAt creation time with the server's zone offset, whole seconds
 */
public record GiteaPackage(
    long id,
    User owner,
    Optional<Repository> repository,
    Optional<User> creator,
    String type,
    String name,
    String version,
    Optional<String> htmlUrl,
    Optional<OffsetDateTime> createdAt) {
  public GiteaPackage {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(repository, "repository == null");
    Objects.requireNonNull(creator, "creator == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(htmlUrl, "htmlUrl == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }
}
