package io.github.devpigiteasync.gitea.model;

import java.util.Objects;

/**
 * The server a client talks to, as detected by {@code GiteaClient.server()}.
 *
 * <p>Forgejo reports its own version ({@code 15.0.3+gitea-1.22.0}, or a bare {@code 15.0.3} when
 * built from a source tarball), which read as a Gitea version looks newer than every Gitea release.
 * Its package API is that of Gitea 1.23, so feature checks go through {@link #packageApiAtLeast}.
 *
 * @param kind Gitea or Forgejo
 * @param version the version string the server reports ({@code GET /api/v1/version})
 */
public record ServerInfo(ServerKind kind, GiteaVersion version) {
  private static final int FORGEJO_PACKAGE_API_MAJOR = 1;
  private static final int FORGEJO_PACKAGE_API_MINOR = 23;

  public ServerInfo {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(version, "version == null");
  }

  /**
   * Returns whether the package API behaves at least like Gitea {@code major.minor}: the reported
   * version on Gitea, always 1.23 on Forgejo (it lacks Gitea's 1.24+ package routes).
   */
  public boolean packageApiAtLeast(int major, int minor) {
    if (kind == ServerKind.FORGEJO) {
      return FORGEJO_PACKAGE_API_MAJOR > major
          || (FORGEJO_PACKAGE_API_MAJOR == major && FORGEJO_PACKAGE_API_MINOR >= minor);
    }
    return version.atLeast(major, minor);
  }

  /** For example {@code Forgejo 15.0.3+gitea-1.22.0} or {@code Gitea 1.24.7}. */
  @Override
  public String toString() {
    return kind.displayName() + " " + version.raw();
  }
}
