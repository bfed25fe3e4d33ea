package io.github.devpigiteasync.sync.config;

import io.github.devpigiteasync.sync.config.ConfigProblem.Code;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a config file in one forward pass: read the text once ({@link IniReader}, keeping line
 * numbers), turn each known section into typed settings (reporting every value that cannot be
 * read), then check the rules across sections ({@link ConfigRules}) into an immutable {@link
 * SyncConfig}. Every problem found on the way is reported at once, with file, line, section, option
 * and code.
 */
final class ConfigLoader {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  private static final List<String> GITEA =
      List.of("url", "token", "token_env", "verify_ssl", "timeout");
  private static final List<String> GITEA_ORG = List.of("token", "token_env");
  private static final List<String> DEVPI =
      List.of(
          "url",
          "username",
          "password",
          "password_env",
          "token",
          "token_env",
          "verify_ssl",
          "timeout");
  private static final List<String> MAPPING =
      List.of(
          "organization",
          "index",
          "devpi",
          "token",
          "token_env",
          "repositories",
          "include_archived",
          "packages",
          "exclude_packages",
          "file_types");
  private static final List<String> RUNTIME =
      List.of(
          "poll_interval_seconds",
          "download_dir",
          "server_host",
          "server_port",
          "concurrency",
          "webhook_secret",
          "webhook_secret_env",
          "api_token",
          "api_token_env",
          "transfer_mode",
          "state_dir");
  private static final List<String> STORE =
      List.of("url", "username", "password", "password_env", "history_days");
  private static final List<String> SECTION_KINDS =
      List.of("gitea", "devpi", "mapping", "runtime", "store");
  private static final String VALID_SECTIONS =
      "valid sections are [gitea], [gitea:<org>], [devpi], [devpi:<name>], [mapping:<name>], [runtime], [store]";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d*)?|\\.\\d+");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  private ConfigLoader() {}

  static SyncConfig load(Path file, Function<String, @Nullable String> env) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          ConfigException.Kind.NOT_FOUND,
          List.of(
              new ConfigProblem(
                  file,
                  0,
                  "",
                  "",
                  Code.FILE_NOT_FOUND,
                  "config file not found (looked for " + file.toAbsolutePath() + ")")));
    }
    if (Files.isDirectory(file)) {
      throw unreadable(file, "is a directory, not a config file");
    }
    checkPermissions(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw unreadable(file, "is not UTF-8 text");
    } catch (IOException e) {
      throw unreadable(file, "cannot be read: " + e.getClass().getSimpleName());
    }
    return parse(text, file, env);
  }

  private static ConfigException unreadable(Path file, String message) {
    return new ConfigException(
        ConfigException.Kind.INVALID,
        List.of(new ConfigProblem(file, 0, "", "", Code.FILE_UNREADABLE, message)));
  }

  private static void checkPermissions(Path file) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      log.warn(
          "Cannot check the permissions of {}: the file system has no POSIX attributes; "
              + "make sure only you can read it",
          file);
      return;
    } catch (IOException e) {
      throw unreadable(file, "cannot read its permissions: " + e.getClass().getSimpleName());
    }
    EnumSet<PosixFilePermission> groupOrOthers =
        EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    groupOrOthers.retainAll(perms);
    if (!groupOrOthers.isEmpty()) {
      throw new ConfigException(
          ConfigException.Kind.PERMISSIONS,
          List.of(
              new ConfigProblem(
                  file,
                  0,
                  "",
                  "",
                  Code.FILE_PERMISSIONS,
                  String.format(
                      Locale.ROOT,
                      "is readable or writable by group or others (mode %s); it may hold tokens, so run: chmod 600 %s",
                      octal(perms),
                      file))));
    }
  }

  static String octal(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      // PosixFilePermission is declared OWNER_READ .. OTHERS_EXECUTE, i.e. bit 8 down to bit 0
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format(Locale.ROOT, "%04o", mode);
  }

  static SyncConfig parse(String iniText, Path file, Function<String, @Nullable String> env) {
    Problems problems = new Problems(file);
    IniReader.Document document = IniReader.read(iniText, problems);
    problems.locateWith(document::lineOf);
    Path absolute = file.toAbsolutePath();
    Path baseDir = absolute.getParent() != null ? absolute.getParent() : absolute;
    Draft draft = new Sections(file, problems, baseDir, env).read(document);
    return ConfigRules.build(draft, problems);
  }

  /** Turns the sections of one file into a {@link Draft}, reporting values it cannot read. */
  private static final class Sections {
    private final Path file;
    private final Problems problems;
    private final Path baseDir;
    private final Function<String, @Nullable String> env;

    // what the sections give, collected in file order
    private @Nullable GiteaSettings gitea;
    private final Map<String, Secret> orgTokens = new LinkedHashMap<>();
    private final List<DevpiServer> servers = new ArrayList<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final Map<String, Secret> mappingTokens = new LinkedHashMap<>();
    private @Nullable RuntimeSettings runtime;
    private StoreSettings store = StoreSettings.defaults();

    // what is already reported, so that the rules do not report its consequences again
    private boolean giteaBroken;
    private boolean sectionsBroken;
    private final Set<String> brokenServers = new HashSet<>();
    private final Set<String> brokenMappings = new HashSet<>();
    private @Nullable String giteaTokenError;
    private final Map<String, String> orgTokenErrors = new LinkedHashMap<>();
    private final Map<String, String> mappingTokenErrors = new LinkedHashMap<>();
    private final Map<String, String> devpiCredentialErrors = new LinkedHashMap<>();

    Sections(Path file, Problems problems, Path baseDir, Function<String, @Nullable String> env) {
      this.file = file;
      this.problems = problems;
      this.baseDir = baseDir;
      this.env = env;
    }

    Draft read(IniReader.Document document) {
      // a broken section header hides what follows it: do not also claim that nothing is defined
      sectionsBroken = document.broken();
      for (IniReader.Section s : document.sections()) {
        section(s);
      }
      return new Draft(
          Optional.of(file),
          gitea,
          orgTokens,
          servers,
          mappings,
          mappingTokens,
          runtime != null ? runtime : RuntimeSettings.defaults(env),
          store,
          new Draft.Earlier(
              giteaBroken,
              sectionsBroken,
              brokenServers,
              brokenMappings,
              Optional.ofNullable(giteaTokenError),
              orgTokenErrors,
              mappingTokenErrors,
              devpiCredentialErrors));
    }

    private void section(IniReader.Section s) {
      String name = s.name();
      int colon = name.indexOf(':');
      String kind = colon < 0 ? name : name.substring(0, colon);
      String label = colon < 0 ? null : name.substring(colon + 1);
      boolean unnamedOnly = kind.equals("runtime") || kind.equals("store");
      if (!SECTION_KINDS.contains(kind) || (label != null && unnamedOnly)) {
        unknownSection(name, kind, label);
        return;
      }
      if (label != null && label.isBlank()) {
        problems.add(
            name,
            "",
            Code.MISSING_NAME,
            "the name after ':' is missing; expected [" + kind + ":<name>]");
        sectionsBroken = true;
        return;
      }
      if (label == null && kind.equals("mapping")) {
        problems.add(
            name, "", Code.MISSING_NAME, "a mapping needs a name; expected [mapping:<name>]");
        sectionsBroken = true;
        return;
      }
      List<String> allowed =
          switch (kind) {
            case "gitea" -> label == null ? GITEA : GITEA_ORG;
            case "devpi" -> DEVPI;
            case "mapping" -> MAPPING;
            case "store" -> STORE;
            default -> RUNTIME;
          };
      Values v = new Values(s);
      v.checkOptions(allowed, kind.equals("gitea") && label != null);
      switch (kind) {
        case "gitea" -> {
          if (label == null) {
            gitea(v);
          } else {
            giteaOrg(v, label);
          }
        }
        case "devpi" -> devpi(v, label == null ? DevpiServer.DEFAULT_NAME : label);
        case "mapping" -> mapping(v, Objects.requireNonNull(label));
        case "store" -> store(v);
        default -> runtime(v);
      }
    }

    private void unknownSection(String name, String kind, @Nullable String label) {
      Optional<String> kindGuess = Suggest.closest(kind, SECTION_KINDS);
      String suggestion = "";
      if (kindGuess.isPresent()) {
        String g = kindGuess.get();
        boolean unnamedOnly = g.equals("runtime") || g.equals("store");
        if (unnamedOnly || (g.equals("gitea") || g.equals("devpi")) && label == null) {
          suggestion = "did you mean [" + g + "]? ";
        } else if (label != null) {
          suggestion = "did you mean [" + g + ":" + label + "]? ";
        }
      }
      problems.add(
          name, "", Code.UNKNOWN_SECTION, "unknown section; " + suggestion + VALID_SECTIONS);
      sectionsBroken = true;
    }

    private void gitea(Values v) {
      Optional<URI> url = v.url();
      Optional<Secret> token = secret(v, "token", "token_env", Scope.PER_MAPPING);
      Tls tls = v.tls().orElse(Tls.defaults());
      Duration timeout = v.seconds("timeout").orElse(GiteaSettings.DEFAULT_TIMEOUT);
      if (url.isPresent()) {
        gitea = new GiteaSettings(url.get(), token, tls, timeout);
      } else {
        giteaBroken = true;
      }
    }

    private void giteaOrg(Values v, String org) {
      if (!v.has("token") && !v.has("token_env")) {
        problems.add(
            v.name(),
            "",
            Code.NO_CREDENTIAL,
            "has no token or token_env; add one or remove the section");
        return;
      }
      resolve(v, "token", "token_env")
          .ifPresent(
              r -> {
                if (r.secret != null) {
                  orgTokens.put(org, r.secret);
                } else if (r.error != null) {
                  orgTokenErrors.put(org, r.error);
                }
              });
    }

    private void devpi(Values v, String name) {
      Optional<URI> url = v.url();
      Optional<String> username = v.required("username");
      Optional<Resolved> password = resolve(v, "password", "password_env");
      Optional<Resolved> token = resolve(v, "token", "token_env");
      if ((v.has("password") || v.has("password_env")) && (v.has("token") || v.has("token_env"))) {
        problems.add(
            v.name(),
            v.has("token") ? "token" : "token_env",
            Code.EXCLUSIVE_OPTIONS,
            Hints.PASSWORD_XOR_TOKEN);
      }
      for (Optional<Resolved> r : List.of(password, token)) {
        r.map(x -> x.error).ifPresent(e -> devpiCredentialErrors.putIfAbsent(name, e));
      }
      Tls tls = v.tls().orElse(Tls.defaults());
      Duration timeout = v.seconds("timeout").orElse(DevpiServer.DEFAULT_TIMEOUT);
      if (url.isPresent() && username.isPresent()) {
        servers.add(
            new DevpiServer(
                name,
                url.get(),
                username.get(),
                password.map(r -> r.secret),
                token.map(r -> r.secret),
                tls,
                timeout));
      } else {
        brokenServers.add(name);
      }
    }

    private void mapping(Values v, String name) {
      Optional<String> index = v.required("index");
      Mapping.Builder m = Mapping.builder(name, index.orElse(""));
      v.value("organization").ifPresent(m::organization);
      v.value("devpi").ifPresent(m::devpiServer);
      resolve(v, "token", "token_env")
          .ifPresent(
              r -> {
                if (r.secret != null) {
                  mappingTokens.put(name, r.secret);
                } else if (r.error != null) {
                  mappingTokenErrors.put(name, r.error);
                }
              });
      v.list("repositories").ifPresent(m::repositories);
      v.bool("include_archived").ifPresent(m::includeArchived);
      v.list("packages").ifPresent(m::packages);
      v.list("exclude_packages").ifPresent(m::excludePackages);
      v.list("file_types")
          .ifPresent(
              items -> {
                List<FileType> types = new ArrayList<>();
                for (String item : items) {
                  Optional<FileType> t = FileType.fromConfigName(item);
                  if (t.isPresent()) {
                    types.add(t.get());
                  } else {
                    problems.add(
                        v.name(),
                        "file_types",
                        Code.INVALID_VALUE,
                        "'"
                            + item
                            + "' is not a file type; expected "
                            + Hints.hint(v.name(), "file_types"));
                  }
                }
                if (!types.isEmpty()) {
                  m.fileTypes(types);
                }
              });
      if (index.isPresent()) {
        mappings.add(m.build());
      } else {
        brokenMappings.add(name);
      }
    }

    private void runtime(Values v) {
      RuntimeSettings d = RuntimeSettings.defaults(env);
      Duration poll =
          v.integer("poll_interval_seconds")
              .map(s -> Duration.ofSeconds(s))
              .orElse(d.pollInterval());
      Optional<Path> downloadDir = v.path("download_dir");
      String host = v.value("server_host").orElse(d.serverHost());
      int port = v.integer("server_port").orElse(d.serverPort());
      int concurrency = v.integer("concurrency").orElse(d.concurrency());
      Optional<Secret> webhook = secret(v, "webhook_secret", "webhook_secret_env", Scope.GLOBAL);
      Optional<Secret> apiToken = secret(v, "api_token", "api_token_env", Scope.GLOBAL);
      TransferMode mode =
          v.value("transfer_mode")
              .flatMap(
                  text -> {
                    Optional<TransferMode> m = TransferMode.fromConfigName(text);
                    if (m.isEmpty()) {
                      problems.add(
                          v.name(),
                          "transfer_mode",
                          Code.INVALID_VALUE,
                          "'" + text + "' is not a transfer mode; expected streaming or staged");
                    }
                    return m;
                  })
              .orElse(d.transferMode());
      Path stateDir = v.path("state_dir").orElse(d.stateDir());
      runtime =
          new RuntimeSettings(
              poll, downloadDir, host, port, concurrency, webhook, apiToken, mode, stateDir);
    }

    private void store(Values v) {
      Optional<String> url = v.value("url");
      Optional<String> username = v.value("username");
      Optional<Secret> password = secret(v, "password", "password_env", Scope.GLOBAL);
      int days = v.integer("history_days").orElse(StoreSettings.DEFAULT_HISTORY_DAYS);
      StoreSettings.Kind kind =
          url.isEmpty()
              ? StoreSettings.Kind.EMBEDDED
              : url.get().equalsIgnoreCase("none")
                  ? StoreSettings.Kind.NONE
                  : StoreSettings.Kind.POSTGRESQL;
      store =
          new StoreSettings(
              kind,
              kind == StoreSettings.Kind.POSTGRESQL ? url : Optional.empty(),
              username,
              password,
              days);
    }

    private enum Scope {
      GLOBAL,
      PER_MAPPING
    }

    /** A secret option pair after resolution: a value, an unset-variable error, or neither. */
    private static final class Resolved {
      final @Nullable Secret secret;
      final @Nullable String error;

      Resolved(@Nullable Secret secret, @Nullable String error) {
        this.secret = secret;
        this.error = error;
      }
    }

    // For [gitea] the unset-variable error is kept for the mappings that fall back to it; for the
    // whole-tool secrets ([runtime], [store]) it is a problem.
    private Optional<Secret> secret(Values v, String option, String envOption, Scope scope) {
      Optional<Resolved> r = resolve(v, option, envOption);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      if (r.get().error != null) {
        if (scope == Scope.GLOBAL) {
          problems.add(v.name(), envOption, Code.VARIABLE_NOT_SET, r.get().error);
        } else {
          giteaTokenError = r.get().error;
        }
        return Optional.empty();
      }
      return Optional.ofNullable(r.get().secret);
    }

    private Optional<Resolved> resolve(Values v, String option, String envOption) {
      if (v.has(option) && v.has(envOption)) {
        problems.add(
            v.name(),
            envOption,
            Code.EXCLUSIVE_OPTIONS,
            option + " and " + envOption + " are exclusive; keep one");
        return Optional.empty();
      }
      Optional<String> direct = v.value(option);
      if (direct.isPresent()) {
        return Optional.of(new Resolved(Secret.of(direct.get()), null));
      }
      Optional<String> variable = v.value(envOption);
      if (variable.isEmpty()) {
        return Optional.empty();
      }
      String name = variable.get();
      if (!ENV_NAME.matcher(name).matches()) {
        // not echoed: a value that is not a variable name may be the secret itself
        problems.add(
            v.name(),
            envOption,
            Code.BAD_VARIABLE_NAME,
            "is not an environment variable name; expected letters, "
                + "digits and _ such as MY_TOKEN (put a literal value in "
                + option
                + " instead)");
        return Optional.empty();
      }
      String value = env.apply(name);
      if (value == null || value.isEmpty()) {
        return Optional.of(
            new Resolved(
                null,
                String.format(
                    Locale.ROOT,
                    "environment variable %s (from [%s] %s) is %s",
                    name,
                    v.name(),
                    envOption,
                    value == null ? "not set" : "empty")));
      }
      return Optional.of(new Resolved(Secret.of(value), null));
    }

    /** Typed access to the options of one section; every conversion failure is a problem. */
    private final class Values {
      private final IniReader.Section section;
      private final Map<String, List<IniReader.Entry>> options;

      Values(IniReader.Section section) {
        this.section = section;
        this.options = section.options();
      }

      String name() {
        return section.name();
      }

      boolean has(String option) {
        return options.containsKey(option);
      }

      void checkOptions(List<String> allowed, boolean orgSection) {
        options.forEach(
            (option, entries) -> {
              if (!allowed.contains(option)) {
                String guess =
                    Suggest.closest(option, allowed)
                        .map(g -> "did you mean '" + g + "'? ")
                        .orElse("");
                String where =
                    orgSection && GITEA.contains(option)
                        ? "[gitea:<org>] sections accept only token and token_env ("
                            + option
                            + " belongs in [gitea])"
                        : "valid options here: " + String.join(", ", allowed);
                problems.add(
                    name(), option, Code.UNKNOWN_OPTION, "unknown option; " + guess + where);
              } else if (entries.size() > 1) {
                problems.add(
                    entries.get(1).line(),
                    name(),
                    option,
                    Code.DUPLICATE_OPTION,
                    "appears "
                        + entries.size()
                        + " times (lines "
                        + String.join(
                            ", ", entries.stream().map(e -> String.valueOf(e.line())).toList())
                        + "); keep one");
              }
            });
      }

      Optional<String> value(String option) {
        List<IniReader.Entry> entries = options.get(option);
        if (entries == null) {
          return Optional.empty();
        }
        String value = entries.get(0).value().strip();
        if (value.isEmpty()) {
          problems.add(
              name(),
              option,
              Code.EMPTY_VALUE,
              "has no value; expected " + Hints.hint(name(), option));
          return Optional.empty();
        }
        return Optional.of(value);
      }

      Optional<String> required(String option) {
        if (!has(option)) {
          problems.add(name(), option, Code.MISSING_OPTION, Hints.missing(name(), option));
        }
        return value(option);
      }

      Optional<URI> url() {
        Optional<String> text = required("url");
        if (text.isEmpty()) {
          return Optional.empty();
        }
        try {
          return Optional.of(new URI(text.get()));
        } catch (URISyntaxException e) {
          problems.add(
              name(),
              "url",
              Code.INVALID_VALUE,
              "is not a valid URL; expected " + Hints.hint(name(), "url"));
          return Optional.empty();
        }
      }

      Optional<Boolean> bool(String option) {
        return value(option)
            .flatMap(
                text -> {
                  Optional<Boolean> b = parseBoolean(text);
                  if (b.isEmpty()) {
                    problems.add(
                        name(),
                        option,
                        Code.INVALID_VALUE,
                        "'"
                            + text
                            + "' is not a boolean; expected true/false, "
                            + "yes/no, on/off or 1/0");
                  }
                  return b;
                });
      }

      Optional<Tls> tls() {
        return value("verify_ssl")
            .flatMap(
                text -> {
                  Optional<Boolean> b = parseBoolean(text);
                  if (b.isPresent()) {
                    return Optional.of(b.get() ? Tls.defaults() : Tls.insecure());
                  }
                  return path("verify_ssl", text).map(Tls::caBundle);
                });
      }

      Optional<Duration> seconds(String option) {
        return value(option)
            .flatMap(
                text -> {
                  if (!SECONDS.matcher(text).matches()) {
                    problems.add(
                        name(),
                        option,
                        Code.INVALID_VALUE,
                        "'"
                            + text
                            + "' is not a number of seconds; expected "
                            + Hints.hint(name(), option));
                    return Optional.empty();
                  }
                  double s = Double.parseDouble(text);
                  return Optional.of(Duration.ofNanos(Math.round(s * 1e9)));
                });
      }

      Optional<Integer> integer(String option) {
        return value(option)
            .flatMap(
                text -> {
                  if (!INTEGER.matcher(text).matches()) {
                    problems.add(
                        name(),
                        option,
                        Code.INVALID_VALUE,
                        "'"
                            + text
                            + "' is not a whole number; expected "
                            + Hints.hint(name(), option));
                    return Optional.empty();
                  }
                  return Optional.of(Integer.parseInt(text));
                });
      }

      Optional<Path> path(String option) {
        return value(option).flatMap(text -> path(option, text));
      }

      // a relative path resolves against the folder of the config file
      private Optional<Path> path(String option, String text) {
        try {
          return Optional.of(baseDir.resolve(text).normalize());
        } catch (RuntimeException e) {
          problems.add(
              name(),
              option,
              Code.INVALID_VALUE,
              "is not a valid path; expected " + Hints.hint(name(), option));
          return Optional.empty();
        }
      }

      Optional<List<String>> list(String option) {
        return value(option)
            .flatMap(
                text -> {
                  List<String> items = new ArrayList<>();
                  for (String item : text.split("[,\\s]+")) {
                    if (!item.isEmpty()) {
                      items.add(item);
                    }
                  }
                  if (items.isEmpty()) {
                    problems.add(
                        name(),
                        option,
                        Code.EMPTY_VALUE,
                        "lists nothing; expected "
                            + Hints.hint(name(), option)
                            + ", or remove the option");
                    return Optional.empty();
                  }
                  return Optional.of(items);
                });
      }
    }
  }

  static Optional<Boolean> parseBoolean(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> Optional.of(true);
      case "false", "no", "0", "off" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
