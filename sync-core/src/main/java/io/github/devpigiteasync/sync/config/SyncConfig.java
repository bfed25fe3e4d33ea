package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration: Gitea settings, devpi servers, mappings and runtime settings, plus the
 * secrets resolved per mapping and the per-mapping problems that keep a mapping from running.
 *
 * <p>Load it with {@link #load(Path)} or build it in code with {@link #builder()}; both validate
 * the same rules and throw a {@link ConfigException} listing every problem. Problems that concern
 * only some mappings (no Gitea token, an unset {@code *_env} variable) do not fail the load: they
 * are reported by {@link #problemsFor(Mapping)} and the other mappings still run.
 *
 * @param source the file the config was loaded from; empty when built in code
 * @param devpiServers servers by name, in file order ({@code [devpi]} is named {@code default})
 * @param mappings mappings in file order
 * @param store the {@code [store]} section: where run history is kept
 * @param mappingProblems per-mapping configuration errors by mapping name (only non-empty lists)
 * @param credentials resolved secrets by mapping name
 */
public record SyncConfig(
    Optional<Path> source,
    GiteaSettings gitea,
    Map<String, DevpiServer> devpiServers,
    List<Mapping> mappings,
    RuntimeSettings runtime,
    StoreSettings store,
    Map<String, List<String>> mappingProblems,
    Map<String, MappingCredentials> credentials) {

  /** The default file name, looked up in the working directory. */
  public static final String DEFAULT_FILE_NAME = "devpi-gitea-sync.conf";

  static final Path CODE_SOURCE = Path.of("SyncConfig.builder()");

  public SyncConfig {
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(gitea, "gitea == null");
    Objects.requireNonNull(runtime, "runtime == null");
    Objects.requireNonNull(store, "store == null");
    devpiServers = Collections.unmodifiableMap(new LinkedHashMap<>(devpiServers));
    mappings = List.copyOf(mappings);
    Map<String, List<String>> problems = new LinkedHashMap<>();
    mappingProblems.forEach((k, v) -> problems.put(k, List.copyOf(v)));
    mappingProblems = Collections.unmodifiableMap(problems);
    credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
  }

  /**
   * Loads and validates a config file, resolving {@code *_env} options from the process
   * environment.
   *
   * @throws ConfigException if the file is missing ({@code NOT_FOUND}), readable or writable by
   *     group or others ({@code PERMISSIONS}) or invalid ({@code INVALID})
   */
  public static SyncConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads and validates a config file, resolving {@code *_env} options through {@code env}.
   *
   * @throws ConfigException as {@link #load(Path)}
   */
  public static SyncConfig load(Path file, Function<String, @Nullable String> env) {
    return ConfigLoader.load(file, env);
  }

  /**
   * Parses and validates INI text as if it were read from {@code pretendFile} (used in problem
   * messages and to resolve relative paths), without any file-permission check.
   *
   * @throws ConfigException with kind {@code INVALID}
   */
  public static SyncConfig parse(
      String iniText, Path pretendFile, Function<String, @Nullable String> env) {
    return ConfigLoader.parse(iniText, pretendFile, env);
  }

  /**
   * Starts building a config in code; {@link Builder#build()} validates the same rules as a file.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The devpi server a mapping writes to. */
  public DevpiServer devpiServerFor(Mapping m) {
    DevpiServer server = devpiServers.get(m.devpiServer());
    if (server == null) {
      throw new IllegalArgumentException("no devpi server named '" + m.devpiServer() + "'");
    }
    return server;
  }

  /** The Gitea token of a mapping: its own, else its organization's, else the global one. */
  public Optional<Secret> giteaTokenFor(Mapping m) {
    return credentialsFor(m).giteaToken();
  }

  /**
   * Every secret the configuration holds (tokens, passwords, the webhook secret, the API token, the
   * store password), for a {@link Redactor}, so that none of them reaches a page, a log line or the
   * history.
   */
  public List<Secret> secrets() {
    List<Secret> all = new ArrayList<>();
    gitea.token().ifPresent(all::add);
    for (DevpiServer s : devpiServers.values()) {
      s.password().ifPresent(all::add);
      s.token().ifPresent(all::add);
    }
    for (MappingCredentials c : credentials.values()) {
      c.giteaToken().ifPresent(all::add);
      c.devpiPassword().ifPresent(all::add);
      c.devpiToken().ifPresent(all::add);
    }
    runtime.webhookSecret().ifPresent(all::add);
    runtime.apiToken().ifPresent(all::add);
    store.password().ifPresent(all::add);
    return List.copyOf(all);
  }

  /** The secrets resolved for a mapping; empty ones when it has none. */
  public MappingCredentials credentialsFor(Mapping m) {
    MappingCredentials c = credentials.get(m.name());
    return c != null
        ? c
        : new MappingCredentials(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The configuration errors that keep a mapping from running, such as {@code no Gitea token: set
   * token or token_env in [mapping:x], [gitea:acme] or [gitea]}; empty when it is runnable.
   */
  public List<String> problemsFor(Mapping m) {
    return mappingProblems.getOrDefault(m.name(), List.of());
  }

  /**
   * Chooses mappings by organization and/or mapping name. An empty collection does not filter; when
   * both are given a mapping must match both.
   *
   * @throws SelectionException if a name matches nothing, or no mapping matches both filters
   */
  public Selection select(Collection<String> orgs, Collection<String> mappingNames) {
    Set<String> knownOrgs = new LinkedHashSet<>();
    Set<String> knownNames = new LinkedHashSet<>();
    for (Mapping m : mappings) {
      knownOrgs.add(m.organization());
      knownNames.add(m.name());
    }
    List<String> badOrgs = orgs.stream().filter(o -> !knownOrgs.contains(o)).distinct().toList();
    List<String> badNames =
        mappingNames.stream().filter(n -> !knownNames.contains(n)).distinct().toList();
    if (!badOrgs.isEmpty() || !badNames.isEmpty()) {
      throw SelectionException.unknownNames(
          badOrgs, List.copyOf(knownOrgs), badNames, List.copyOf(knownNames));
    }
    List<Mapping> chosen =
        mappings.stream()
            .filter(m -> orgs.isEmpty() || orgs.contains(m.organization()))
            .filter(m -> mappingNames.isEmpty() || mappingNames.contains(m.name()))
            .toList();
    if (chosen.isEmpty()) {
      List<String> matching =
          mappings.stream()
              .filter(m -> orgs.contains(m.organization()))
              .map(Mapping::name)
              .toList();
      throw SelectionException.noCommonMapping(
          List.copyOf(orgs), List.copyOf(mappingNames), matching);
    }
    return new Selection(chosen);
  }

  /**
   * A copy with other runtime settings (for command-line overrides of the bind address).
   *
   * @throws ConfigException if the settings break a rule (port, concurrency, poll interval)
   */
  public SyncConfig withRuntime(RuntimeSettings r) {
    Problems problems = new Problems(source.orElse(CODE_SOURCE));
    ConfigRules.checkRuntime(r, problems);
    problems.throwIfAny();
    return new SyncConfig(
        source, gitea, devpiServers, mappings, r, store, mappingProblems, credentials);
  }

  /**
   * Builds a {@link SyncConfig} in code. Secrets are given directly; {@link #build()} checks the
   * same rules as loading a file, naming sections and options as they would be written in the file.
   *
   * <pre>{@code
   * SyncConfig config = SyncConfig.builder()
   *     .gitea(GiteaSettings.of(URI.create("https://gitea.example.com")))
   *     .giteaToken("acme", Secret.of(token))
   *     .devpiServer(new DevpiServer("default", URI.create("https://devpi.example.com"), "ci",
   *         Optional.of(Secret.of(password)), Optional.empty(), Tls.defaults(), DevpiServer.DEFAULT_TIMEOUT))
   *     .mapping(Mapping.builder("acme", "ci/stable").build())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable GiteaSettings gitea;
    private final Map<String, Secret> orgTokens = new LinkedHashMap<>();
    private final List<DevpiServer> servers = new ArrayList<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final Map<String, Secret> mappingTokens = new LinkedHashMap<>();
    private RuntimeSettings runtime = RuntimeSettings.defaults();

    private StoreSettings store = StoreSettings.defaults();

    Builder() {}

    /** The {@code [gitea]} section (required). */
    public Builder gitea(GiteaSettings gitea) {
      this.gitea = Objects.requireNonNull(gitea, "gitea == null");
      return this;
    }

    /** A {@code [gitea:<organization>]} token. */
    public Builder giteaToken(String organization, Secret token) {
      orgTokens.put(
          Objects.requireNonNull(organization, "organization == null"),
          Objects.requireNonNull(token, "token == null"));
      return this;
    }

    /**
     * A devpi server; name it {@value DevpiServer#DEFAULT_NAME} for the unnamed {@code [devpi]}.
     */
    public Builder devpiServer(DevpiServer server) {
      servers.add(Objects.requireNonNull(server, "server == null"));
      return this;
    }

    /** A mapping; mappings run in the order added. */
    public Builder mapping(Mapping mapping) {
      mappings.add(Objects.requireNonNull(mapping, "mapping == null"));
      return this;
    }

    /** A Gitea token used only by the mapping named {@code mappingName}. */
    public Builder mappingToken(String mappingName, Secret token) {
      mappingTokens.put(
          Objects.requireNonNull(mappingName, "mappingName == null"),
          Objects.requireNonNull(token, "token == null"));
      return this;
    }

    /** The {@code [store]} section; {@link StoreSettings#defaults()} when not called. */
    public Builder store(StoreSettings store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** The {@code [runtime]} section; {@link RuntimeSettings#defaults()} when not called. */
    public Builder runtime(RuntimeSettings runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime == null");
      return this;
    }

    /**
     * Validates and builds the config.
     *
     * @throws ConfigException listing every problem
     */
    public SyncConfig build() {
      Draft draft =
          new Draft(
              Optional.empty(),
              gitea,
              orgTokens,
              servers,
              mappings,
              mappingTokens,
              runtime,
              store,
              Draft.Earlier.NOTHING);
      return ConfigRules.build(draft, new Problems(CODE_SOURCE));
    }
  }
}
