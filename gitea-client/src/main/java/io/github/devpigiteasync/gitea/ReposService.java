package io.github.devpigiteasync.gitea;

import io.github.devpigiteasync.gitea.model.Repository;
import java.util.Objects;
import java.util.Optional;

/** Repository lookups, reached through {@link GiteaClient#repos()}. */
public final class ReposService {
  private final Transport transport;

  ReposService(Transport transport) {
    this.transport = transport;
  }

  /**
   * Returns a repository, including whether it is archived.
   *
   * <p>{@code GET /api/v1/repos/{owner}/{repo}} (needs the {@code read:repository} scope).
   *
   * @throws GiteaNotFoundException if it does not exist or the caller cannot see it
   */
  public Repository get(String owner, String repo) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(repo, "repo == null");
    return transport.get(
        transport.api("repos", owner, repo).build(),
        r -> transport.json.readRepository(r.body().byteStream()));
  }

  /** Like {@link #get} but empty instead of throwing on 404. */
  public Optional<Repository> find(String owner, String repo) {
    try {
      return Optional.of(get(owner, repo));
    } catch (GiteaNotFoundException e) {
      return Optional.empty();
    }
  }
}
