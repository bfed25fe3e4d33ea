package io.github.devpigiteasync.sync.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The secrets resolved for one mapping: its Gitea token (mapping, then organization, then global)
 * and the devpi server's password or token.
 */
public record MappingCredentials(
    Optional<Secret> giteaToken, Optional<Secret> devpiPassword, Optional<Secret> devpiToken) {
  public MappingCredentials {
    Objects.requireNonNull(giteaToken, "giteaToken == null");
    Objects.requireNonNull(devpiPassword, "devpiPassword == null");
    Objects.requireNonNull(devpiToken, "devpiToken == null");
  }
}
