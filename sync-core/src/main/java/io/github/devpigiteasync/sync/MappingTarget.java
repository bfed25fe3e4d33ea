package io.github.devpigiteasync.sync;

import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.gitea.model.ServerInfo;
import io.github.devpigiteasync.sync.config.DevpiServer;
import io.github.devpigiteasync.sync.config.GiteaSettings;
import io.github.devpigiteasync.sync.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one mapping reads and writes, resolved from the configuration when its plan is made, so
 * that applying the plan needs nothing else. Secrets print as {@code ****}.
 *
 * @param gitea the Gitea instance (URL, TLS, timeout)
 * @param giteaToken the token chosen for the mapping (its own, its organization's or the global
 *     one)
 * @param index the devpi index written
 * @param devpi the devpi server written to, with its credentials
 * @param source what the Gitea URL turned out to be when the plan was made: Gitea or Forgejo, and
 *     the version it reports; empty when the engine was built not to detect it ({@code
 *     SyncEngine.Builder#detectServer})
 */
public record MappingTarget(
    GiteaSettings gitea,
    Optional<Secret> giteaToken,
    IndexRef index,
    DevpiServer devpi,
    Optional<ServerInfo> source) {
  public MappingTarget {
    Objects.requireNonNull(gitea, "gitea == null");
    Objects.requireNonNull(giteaToken, "giteaToken == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpi, "devpi == null");
    Objects.requireNonNull(source, "source == null");
  }
}
