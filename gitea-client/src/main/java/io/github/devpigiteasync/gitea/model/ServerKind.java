package io.github.devpigiteasync.gitea.model;

/** Which server software answers: Gitea itself, or its hard fork Forgejo. */
public enum ServerKind {
  /** Gitea: its package API follows the version it reports. */
  GITEA("Gitea"),
  /**
   * Forgejo: answers {@code GET /api/forgejo/v1/version}; its package API is that of Gitea 1.23,
   * whatever version it reports.
   */
  FORGEJO("Forgejo");

  private final String displayName;

  ServerKind(String displayName) {
    this.displayName = displayName;
  }

  /** The product name, {@code Gitea} or {@code Forgejo}. */
  public String displayName() {
    return displayName;
  }
}
