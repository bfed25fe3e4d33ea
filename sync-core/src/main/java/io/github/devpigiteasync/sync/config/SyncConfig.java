package io.github.devpigiteasync.sync.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
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
 * @param mappingProblems per-mapping configuration errors by mapping name (only non-empty lists)
 * @param credentials resolved secrets by mapping name
 */
public record SyncConfig(
    Optional<Path> source,
    GiteaSettings gitea,
    Map<String, DevpiServer> devpiServers,
    List<Mapping> mappings,
    RuntimeSettings runtime,
    Map<String, List<String>> mappingProblems,
    Map<String, MappingCredentials> credentials) {

  /** The default file name, looked up in the working directory. */
  public static final String DEFAULT_FILE_NAME = "devpi-gitea-sync.conf";

  static final Path CODE_SOURCE = Path.of("SyncConfig.builder()");
  private static final Pattern INDEX = Pattern.compile("^[^/\\s]+/[^/\\s]+$");
  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  public SyncConfig {
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(gitea, "gitea == null");
    Objects.requireNonNull(runtime, "runtime == null");
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
   * Chooses mappings by organization and/or name ({@code --org}, {@code --mapping}). An empty
   * collection does not filter; when both are given a mapping must match both.
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
    List<String> unknown = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<String> badOrgs = orgs.stream().filter(o -> !knownOrgs.contains(o)).distinct().toList();
    if (!badOrgs.isEmpty()) {
      unknown.addAll(badOrgs);
      lines.add(
          String.format(
              Locale.ROOT,
              "no mapping reads organization %s (--org); known organizations: %s",
              quoteAll(badOrgs),
              String.join(", ", knownOrgs)));
    }
    List<String> badNames =
        mappingNames.stream().filter(n -> !knownNames.contains(n)).distinct().toList();
    if (!badNames.isEmpty()) {
      unknown.addAll(badNames);
      lines.add(
          String.format(
              Locale.ROOT,
              "no mapping named %s (--mapping); known mappings: %s",
              quoteAll(badNames),
              String.join(", ", knownNames)));
    }
    if (!lines.isEmpty()) {
      List<String> known = new ArrayList<>(badOrgs.isEmpty() ? List.of() : knownOrgs);
      if (!badNames.isEmpty()) {
        known.addAll(knownNames);
      }
      throw new SelectionException(String.join("\n", lines), unknown, known);
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
      throw new SelectionException(
          String.format(
              Locale.ROOT,
              "no mapping matches both --org %s and --mapping %s; mappings of those organizations: %s",
              String.join(", ", orgs),
              String.join(", ", mappingNames),
              String.join(", ", matching)),
          List.of(),
          matching);
    }
    return new Selection(chosen);
  }

  /**
   * A copy with other runtime settings (for command-line overrides such as {@code --host}).
   *
   * @throws ConfigException if the settings break a rule (port, concurrency, poll interval)
   */
  public SyncConfig withRuntime(RuntimeSettings r) {
    Problems problems = new Problems(source.orElse(CODE_SOURCE));
    validateRuntime(r, problems);
    problems.throwIfAny();
    return new SyncConfig(source, gitea, devpiServers, mappings, r, mappingProblems, credentials);
  }

  private static String quoteAll(Collection<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }

  static void validateRuntime(RuntimeSettings r, Problems p) {
    if (r.pollInterval().compareTo(Duration.ofSeconds(60)) < 0) {
      p.add(
          "runtime",
          "poll_interval_seconds",
          r.pollInterval().toSeconds() + " is too small; the minimum is 60 seconds");
    }
    if (r.concurrency() < 1 || r.concurrency() > 32) {
      p.add("runtime", "concurrency", r.concurrency() + " is out of range; expected 1 to 32");
    }
    if (r.serverPort() < 1 || r.serverPort() > 65535) {
      p.add("runtime", "server_port", r.serverPort() + " is out of range; expected 1 to 65535");
    }
    if (r.serverHost().isBlank() || r.serverHost().chars().anyMatch(Character::isWhitespace)) {
      p.add("runtime", "server_host", "expected a host name or IP address such as 0.0.0.0");
    }
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

    // Set by the file loader: problems already found in the text, and what they made unusable, so
    // that build() neither repeats them nor reports their consequences as new problems.
    @Nullable Path source;
    Problems problems = new Problems(CODE_SOURCE);
    boolean giteaBroken;
    boolean sectionsBroken;
    final Set<String> brokenServers = new HashSet<>();
    final Set<String> brokenMappings = new HashSet<>();
    @Nullable String giteaTokenError;
    final Map<String, String> orgTokenErrors = new LinkedHashMap<>();
    final Map<String, String> mappingTokenErrors = new LinkedHashMap<>();
    final Map<String, String> devpiCredentialErrors = new LinkedHashMap<>();

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
      Problems p = problems;
      GiteaSettings g = gitea;
      if (g == null) {
        if (!giteaBroken) {
          p.add("gitea", "url", ConfigLoader.missing("url"));
        }
      } else {
        checkUrl(g.url(), "gitea", p);
        checkTimeout(g.timeout(), "gitea", p);
        checkTls(g.tls(), "gitea", p);
      }
      orgTokens.keySet().stream()
          .filter(org -> !validName(org))
          .forEach(
              org ->
                  p.add(
                      "gitea:" + org,
                      "",
                      "organization name must not be empty or contain white space"));

      Map<String, DevpiServer> byName = new LinkedHashMap<>();
      for (DevpiServer s : servers) {
        String section = s.section();
        if (!validName(s.name())) {
          p.add(section, "", "devpi server name must not be empty or contain white space");
        }
        if (byName.putIfAbsent(s.name(), s) != null) {
          p.add(section, "", "devpi server '" + s.name() + "' is defined twice");
        }
        checkUrl(s.url(), section, p);
        if (s.username().isBlank()) {
          p.add(section, "username", ConfigLoader.missing("username"));
        }
        if (s.password().isPresent() && s.token().isPresent()) {
          p.add(section, "token", ConfigLoader.PASSWORD_XOR_TOKEN);
        }
        checkTimeout(s.timeout(), section, p);
        checkTls(s.tls(), section, p);
      }

      Set<String> mappingNames = new HashSet<>();
      for (Mapping m : mappings) {
        checkMapping(m, byName, mappingNames, p);
      }
      if (mappings.isEmpty() && brokenMappings.isEmpty() && !sectionsBroken) {
        p.add(
            "",
            "",
            "no mapping is defined; add a [mapping:<name>] section with at least index = user/index");
      }
      mappingTokens.keySet().stream()
          .filter(n -> !mappingNames.contains(n))
          .forEach(
              n -> p.add("mapping:" + n, "token", "token given for a mapping that is not defined"));
      validateRuntime(runtime, p);
      p.throwIfAny();

      Map<String, List<String>> mappingProblems = new LinkedHashMap<>();
      Map<String, MappingCredentials> credentials = new LinkedHashMap<>();
      for (Mapping m : mappings) {
        List<String> problemsOfMapping = new ArrayList<>();
        Optional<Secret> token = resolveToken(m, Objects.requireNonNull(g), problemsOfMapping);
        DevpiServer server = byName.get(m.devpiServer());
        String devpiError = devpiCredentialErrors.get(m.devpiServer());
        if (devpiError != null) {
          problemsOfMapping.add(devpiError);
        }
        credentials.put(
            m.name(),
            new MappingCredentials(
                token,
                server == null ? Optional.empty() : server.password(),
                server == null ? Optional.empty() : server.token()));
        if (!problemsOfMapping.isEmpty()) {
          mappingProblems.put(m.name(), problemsOfMapping);
        }
      }
      return new SyncConfig(
          Optional.ofNullable(source),
          Objects.requireNonNull(g),
          byName,
          mappings,
          runtime,
          mappingProblems,
          credentials);
    }

    private Optional<Secret> resolveToken(Mapping m, GiteaSettings g, List<String> out) {
      Secret own = mappingTokens.get(m.name());
      if (own != null) {
        return Optional.of(own);
      }
      String ownError = mappingTokenErrors.get(m.name());
      if (ownError != null) {
        out.add(ownError);
        return Optional.empty();
      }
      Secret org = orgTokens.get(m.organization());
      if (org != null) {
        return Optional.of(org);
      }
      String orgError = orgTokenErrors.get(m.organization());
      if (orgError != null) {
        out.add(orgError);
        return Optional.empty();
      }
      if (g.token().isPresent()) {
        return g.token();
      }
      if (giteaTokenError != null) {
        out.add(giteaTokenError);
        return Optional.empty();
      }
      out.add(
          String.format(
              Locale.ROOT,
              "no Gitea token: set token or token_env in [mapping:%s], [gitea:%s] or [gitea]",
              m.name(),
              m.organization()));
      return Optional.empty();
    }

    private void checkMapping(
        Mapping m, Map<String, DevpiServer> servers, Set<String> names, Problems p) {
      String section = m.section();
      if (!validName(m.name())) {
        p.add(section, "", "mapping name must not be empty or contain white space");
      }
      if (!names.add(m.name())) {
        p.add(section, "", "mapping '" + m.name() + "' is defined twice");
      }
      if (!validName(m.organization())) {
        p.add(
            section,
            "organization",
            "'"
                + m.organization()
                + "' is not an organization name; expected "
                + ConfigLoader.hint("organization"));
      }
      if (!INDEX.matcher(m.index()).matches()) {
        p.add(section, "index", "'" + m.index() + "' is not of the form user/index");
      }
      String server = m.devpiServer();
      if (!servers.containsKey(server) && !brokenServers.contains(server)) {
        if (server.equals(DevpiServer.DEFAULT_NAME)) {
          p.add(
              section,
              "devpi",
              "no devpi server given and there is no [devpi] section; "
                  + "add a [devpi] section or set devpi = <name> of a [devpi:<name>] section");
        } else {
          List<String> known = new ArrayList<>(servers.keySet());
          known.addAll(brokenServers);
          p.add(
              section,
              "devpi",
              "unknown devpi server '"
                  + server
                  + "'; "
                  + (known.isEmpty()
                      ? "no devpi server is defined"
                      : "defined servers: " + String.join(", ", known.stream().sorted().toList())));
        }
      }
      for (String repo : m.repositories()) {
        if (!validName(repo)) {
          p.add(section, "repositories", "'" + repo + "' is not a repository name");
        }
      }
      checkGlobs(m.packages(), section, "packages", p);
      checkGlobs(m.excludePackages(), section, "exclude_packages", p);
      if (m.fileTypes().isEmpty()) {
        p.add(section, "file_types", "must name at least one of wheel, sdist");
      }
    }

    private static void checkGlobs(List<String> globs, String section, String option, Problems p) {
      for (String glob : globs) {
        GlobSyntax.error(glob).ifPresent(e -> p.add(section, option, e));
      }
    }

    private static boolean validName(String name) {
      return !name.isEmpty() && name.chars().noneMatch(Character::isWhitespace);
    }

    private static void checkUrl(URI url, String section, Problems p) {
      if (url.getRawUserInfo() != null) {
        // never echo the URL here: its user info may hold a password
        p.add(
            section,
            "url",
            "must not contain user information (user:password@); "
                + "use the username/password or token options instead");
        return;
      }
      String scheme = url.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || url.getHost() == null
          || url.getHost().isEmpty()) {
        p.add(
            section,
            "url",
            "'"
                + url
                + "' is not an http or https URL with a host; expected "
                + ConfigLoader.hint("url"));
      } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
        p.add(
            section,
            "url",
            "'"
                + url
                + "' must not have a query or fragment; expected "
                + ConfigLoader.hint("url"));
      }
    }

    private static void checkTimeout(Duration timeout, String section, Problems p) {
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        p.add(section, "timeout", "must be more than 0 and at most 86400 seconds");
      }
    }

    private static void checkTls(Tls tls, String section, Problems p) {
      tls.caBundle()
          .ifPresent(
              pem -> {
                if (!Files.isRegularFile(pem)) {
                  p.add(
                      section,
                      "verify_ssl",
                      "CA bundle "
                          + pem
                          + " does not exist or is not a file; expected "
                          + ConfigLoader.hint("verify_ssl"));
                }
              });
    }
  }
}
