package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The typed settings of a config before the cross-section rules are checked: what the file reader
 * (or {@link SyncConfig.Builder}) produced. {@link ConfigRules} turns it into a {@link SyncConfig}.
 *
 * @param source the file read; empty for a config built in code
 * @param gitea the {@code [gitea]} settings; null when missing or already reported as broken
 * @param earlier what the reader already reported, so the rules neither repeat it nor report its
 *     consequences as new problems
 */
record Draft(
    Optional<Path> source,
    @Nullable GiteaSettings gitea,
    Map<String, Secret> orgTokens,
    List<DevpiServer> servers,
    List<Mapping> mappings,
    Map<String, Secret> mappingTokens,
    RuntimeSettings runtime,
    StoreSettings store,
    Earlier earlier) {

  Draft {
    Objects.requireNonNull(source, "source == null");
    orgTokens = copy(orgTokens);
    servers = List.copyOf(servers);
    mappings = List.copyOf(mappings);
    mappingTokens = copy(mappingTokens);
    Objects.requireNonNull(runtime, "runtime == null");
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(earlier, "earlier == null");
  }

  /**
   * What the reader found broken or unresolvable.
   *
   * @param giteaBroken {@code [gitea]} exists but its URL was unusable (already reported)
   * @param sectionsBroken a section header or name was unusable, so "no mapping" is not news
   * @param brokenServers devpi servers whose section was unusable
   * @param brokenMappings mappings whose section was unusable
   * @param giteaTokenError why the {@code [gitea]} token variable could not be read
   * @param orgTokenErrors the same for {@code [gitea:<org>]}, by organization
   * @param mappingTokenErrors the same for a mapping's own token, by mapping name
   * @param devpiCredentialErrors the same for a devpi server's password or token, by server name
   */
  record Earlier(
      boolean giteaBroken,
      boolean sectionsBroken,
      Set<String> brokenServers,
      Set<String> brokenMappings,
      Optional<String> giteaTokenError,
      Map<String, String> orgTokenErrors,
      Map<String, String> mappingTokenErrors,
      Map<String, String> devpiCredentialErrors) {
    static final Earlier NOTHING =
        new Earlier(
            false, false, Set.of(), Set.of(), Optional.empty(), Map.of(), Map.of(), Map.of());

    Earlier {
      brokenServers = Set.copyOf(brokenServers);
      brokenMappings = Set.copyOf(brokenMappings);
      Objects.requireNonNull(giteaTokenError, "giteaTokenError == null");
      orgTokenErrors = copy(orgTokenErrors);
      mappingTokenErrors = copy(mappingTokenErrors);
      devpiCredentialErrors = copy(devpiCredentialErrors);
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
