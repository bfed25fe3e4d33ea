package io.github.devpigiteasync.sync.config;

import io.github.devpigiteasync.sync.config.ConfigProblem.Code;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules that concern the typed settings, whether they came from a file or from code: URLs,
 * ranges, references between sections, and which mappings can run. The last step of loading.
 */
final class ConfigRules {
  private static final Pattern INDEX = Pattern.compile("^[^/\\s]+/[^/\\s]+$");
  private static final Pattern POSTGRES_URL =
      Pattern.compile("^jdbc:postgresql://[^/\\s?#]+(/[^\\s?#]*)?(\\?\\S*)?$");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[?&]password=", Pattern.CASE_INSENSITIVE);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  private final Problems p;
  private final Draft.Earlier earlier;

  private ConfigRules(Problems problems, Draft.Earlier earlier) {
    this.p = problems;
    this.earlier = earlier;
  }

  /**
   * Checks {@code draft} and builds the config.
   *
   * @throws ConfigException listing every problem in {@code problems} (earlier ones first)
   */
  static SyncConfig build(Draft draft, Problems problems) {
    return new ConfigRules(problems, draft.earlier()).check(draft);
  }

  private SyncConfig check(Draft d) {
    GiteaSettings g = d.gitea();
    if (g == null) {
      if (!earlier.giteaBroken()) {
        p.add("gitea", "url", Code.MISSING_OPTION, Hints.missing("gitea", "url"));
      }
    } else {
      checkUrl(g.url(), "gitea");
      checkTimeout(g.timeout(), "gitea");
      checkTls(g.tls(), "gitea");
    }
    d.orgTokens().keySet().stream()
        .filter(org -> !validName(org))
        .forEach(
            org ->
                p.add(
                    "gitea:" + org,
                    "",
                    Code.INVALID_VALUE,
                    "organization name must not be empty or contain white space"));

    Map<String, DevpiServer> byName = new LinkedHashMap<>();
    for (DevpiServer s : d.servers()) {
      String section = s.section();
      if (!validName(s.name())) {
        p.add(
            section,
            "",
            Code.INVALID_VALUE,
            "devpi server name must not be empty or contain white space");
      }
      if (byName.putIfAbsent(s.name(), s) != null) {
        p.add(section, "", Code.DUPLICATE_NAME, "devpi server '" + s.name() + "' is defined twice");
      }
      checkUrl(s.url(), section);
      if (s.username().isBlank()) {
        p.add(section, "username", Code.MISSING_OPTION, Hints.missing(section, "username"));
      }
      if (s.password().isPresent() && s.token().isPresent()) {
        p.add(section, "token", Code.EXCLUSIVE_OPTIONS, Hints.PASSWORD_XOR_TOKEN);
      }
      checkTimeout(s.timeout(), section);
      checkTls(s.tls(), section);
    }

    Set<String> mappingNames = new HashSet<>();
    for (Mapping m : d.mappings()) {
      checkMapping(m, byName, mappingNames);
    }
    if (d.mappings().isEmpty() && earlier.brokenMappings().isEmpty() && !earlier.sectionsBroken()) {
      p.add(
          "",
          "",
          Code.NO_MAPPING,
          "no mapping is defined; add a [mapping:<name>] section with at least index = user/index");
    }
    d.mappingTokens().keySet().stream()
        .filter(n -> !mappingNames.contains(n))
        .forEach(
            n ->
                p.add(
                    "mapping:" + n,
                    "token",
                    Code.UNKNOWN_REFERENCE,
                    "token given for a mapping that is not defined"));
    checkRuntime(d.runtime(), p);
    checkStore(d.store());
    p.throwIfAny();

    Map<String, List<String>> mappingProblems = new LinkedHashMap<>();
    Map<String, MappingCredentials> credentials = new LinkedHashMap<>();
    GiteaSettings gitea = Objects.requireNonNull(g);
    for (Mapping m : d.mappings()) {
      List<String> problemsOfMapping = new ArrayList<>();
      Optional<Secret> token = resolveToken(m, gitea, d, problemsOfMapping);
      DevpiServer server = byName.get(m.devpiServer());
      String devpiError = earlier.devpiCredentialErrors().get(m.devpiServer());
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
        d.source(),
        gitea,
        byName,
        d.mappings(),
        d.runtime(),
        d.store(),
        mappingProblems,
        credentials);
  }

  static void checkRuntime(RuntimeSettings r, Problems p) {
    if (r.pollInterval().compareTo(Duration.ofSeconds(60)) < 0) {
      p.add(
          "runtime",
          "poll_interval_seconds",
          Code.OUT_OF_RANGE,
          r.pollInterval().toSeconds() + " is too small; the minimum is 60 seconds");
    }
    if (r.concurrency() < 1 || r.concurrency() > 32) {
      p.add(
          "runtime",
          "concurrency",
          Code.OUT_OF_RANGE,
          r.concurrency() + " is out of range; expected 1 to 32");
    }
    if (r.serverPort() < 1 || r.serverPort() > 65535) {
      p.add(
          "runtime",
          "server_port",
          Code.OUT_OF_RANGE,
          r.serverPort() + " is out of range; expected 1 to 65535");
    }
    if (r.serverHost().isBlank() || r.serverHost().chars().anyMatch(Character::isWhitespace)) {
      p.add(
          "runtime",
          "server_host",
          Code.INVALID_VALUE,
          "expected a host name or IP address such as 0.0.0.0");
    }
  }

  private void checkStore(StoreSettings s) {
    if (s.historyDays() < 1) {
      p.add(
          "store",
          "history_days",
          Code.OUT_OF_RANGE,
          s.historyDays() + " is too small; keep at least 1 day of history");
    }
    if (s.kind() != StoreSettings.Kind.POSTGRESQL) {
      String where =
          s.kind() == StoreSettings.Kind.NONE ? "url = none" : "the embedded store (no url)";
      if (s.username().isPresent()) {
        p.add(
            "store",
            "username",
            Code.UNUSED_OPTION,
            "applies only to a jdbc:postgresql:// url, not to " + where);
      }
      if (s.password().isPresent()) {
        p.add(
            "store",
            "password",
            Code.UNUSED_OPTION,
            "applies only to a jdbc:postgresql:// url, not to " + where);
      }
      return;
    }
    String url = s.url().orElse("");
    // never echo the URL: it may carry a password parameter
    if (URL_PASSWORD.matcher(url).find()) {
      p.add(
          "store",
          "url",
          Code.INVALID_VALUE,
          "must not contain the password; use the password or password_env option instead");
    } else if (!POSTGRES_URL.matcher(url).matches()) {
      p.add(
          "store",
          "url",
          Code.INVALID_VALUE,
          "is not a PostgreSQL JDBC URL; expected " + Hints.hint("store", "url"));
    }
  }

  private Optional<Secret> resolveToken(Mapping m, GiteaSettings g, Draft d, List<String> out) {
    Secret own = d.mappingTokens().get(m.name());
    if (own != null) {
      return Optional.of(own);
    }
    String ownError = earlier.mappingTokenErrors().get(m.name());
    if (ownError != null) {
      out.add(ownError);
      return Optional.empty();
    }
    Secret org = d.orgTokens().get(m.organization());
    if (org != null) {
      return Optional.of(org);
    }
    String orgError = earlier.orgTokenErrors().get(m.organization());
    if (orgError != null) {
      out.add(orgError);
      return Optional.empty();
    }
    if (g.token().isPresent()) {
      return g.token();
    }
    if (earlier.giteaTokenError().isPresent()) {
      out.add(earlier.giteaTokenError().get());
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

  private void checkMapping(Mapping m, Map<String, DevpiServer> servers, Set<String> names) {
    String section = m.section();
    if (!validName(m.name())) {
      p.add(
          section, "", Code.INVALID_VALUE, "mapping name must not be empty or contain white space");
    }
    if (!names.add(m.name())) {
      p.add(section, "", Code.DUPLICATE_NAME, "mapping '" + m.name() + "' is defined twice");
    }
    if (!validName(m.organization())) {
      p.add(
          section,
          "organization",
          Code.INVALID_VALUE,
          "'"
              + m.organization()
              + "' is not an organization name; expected "
              + Hints.hint(section, "organization"));
    }
    if (!INDEX.matcher(m.index()).matches()) {
      p.add(
          section,
          "index",
          Code.INVALID_VALUE,
          "'" + m.index() + "' is not of the form user/index");
    }
    String server = m.devpiServer();
    if (!servers.containsKey(server) && !earlier.brokenServers().contains(server)) {
      if (server.equals(DevpiServer.DEFAULT_NAME)) {
        p.add(
            section,
            "devpi",
            Code.UNKNOWN_REFERENCE,
            "no devpi server given and there is no [devpi] section; "
                + "add a [devpi] section or set devpi = <name> of a [devpi:<name>] section");
      } else {
        List<String> known = new ArrayList<>(servers.keySet());
        known.addAll(earlier.brokenServers());
        p.add(
            section,
            "devpi",
            Code.UNKNOWN_REFERENCE,
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
        p.add(
            section, "repositories", Code.INVALID_VALUE, "'" + repo + "' is not a repository name");
      }
    }
    checkGlobs(m.packages(), section, "packages");
    checkGlobs(m.excludePackages(), section, "exclude_packages");
    if (m.fileTypes().isEmpty()) {
      p.add(section, "file_types", Code.INVALID_VALUE, "must name at least one of wheel, sdist");
    }
  }

  private void checkGlobs(List<String> globs, String section, String option) {
    for (String glob : globs) {
      GlobSyntax.error(glob).ifPresent(e -> p.add(section, option, Code.INVALID_VALUE, e));
    }
  }

  private static boolean validName(String name) {
    return !name.isEmpty() && name.chars().noneMatch(Character::isWhitespace);
  }

  private void checkUrl(URI url, String section) {
    if (url.getRawUserInfo() != null) {
      // never echo the URL here: its user info may hold a password
      p.add(
          section,
          "url",
          Code.INVALID_VALUE,
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
          Code.INVALID_VALUE,
          "'"
              + url
              + "' is not an http or https URL with a host; expected "
              + Hints.hint(section, "url"));
    } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
      p.add(
          section,
          "url",
          Code.INVALID_VALUE,
          "'"
              + url
              + "' must not have a query or fragment; expected "
              + Hints.hint(section, "url"));
    }
  }

  private void checkTimeout(Duration timeout, String section) {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      p.add(section, "timeout", Code.OUT_OF_RANGE, "must be more than 0 and at most 86400 seconds");
    }
  }

  private void checkTls(Tls tls, String section) {
    tls.caBundle()
        .ifPresent(
            pem -> {
              if (!Files.isRegularFile(pem)) {
                p.add(
                    section,
                    "verify_ssl",
                    Code.PATH_NOT_FOUND,
                    "CA bundle "
                        + pem
                        + " does not exist or is not a file; expected "
                        + Hints.hint(section, "verify_ssl"));
              }
            });
  }
}
