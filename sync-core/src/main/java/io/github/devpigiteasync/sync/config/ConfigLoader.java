package io.github.devpigiteasync.sync.config;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads an INI file into a {@link SyncConfig.Builder}, reporting textual problems on the way. */
final class ConfigLoader {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  static final String PASSWORD_XOR_TOKEN =
      "password/password_env and token/token_env are exclusive; keep one kind of credential";

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
          "transfer_mode");
  private static final List<String> SECTION_KINDS = List.of("gitea", "devpi", "mapping", "runtime");
  private static final String VALID_SECTIONS =
      "valid sections are [gitea], [gitea:<org>], [devpi], [devpi:<name>], [mapping:<name>], [runtime]";

  private static final Map<String, String> HINTS =
      Map.ofEntries(
          Map.entry("url", "an http or https URL such as https://host.example.com"),
          Map.entry("token", "a token"),
          Map.entry("password", "a password"),
          Map.entry("username", "the devpi user name"),
          Map.entry("verify_ssl", "true, false or the path of a PEM CA bundle"),
          Map.entry("timeout", "a number of seconds such as 10 or 2.5"),
          Map.entry("organization", "a Gitea organization or user name"),
          Map.entry("index", "user/index"),
          Map.entry("devpi", "the <name> of a [devpi:<name>] section"),
          Map.entry("repositories", "a comma-separated list of repository names"),
          Map.entry("include_archived", "true or false"),
          Map.entry(
              "packages", "a comma-separated list of package name globs such as acme-*, tool?"),
          Map.entry(
              "exclude_packages", "a comma-separated list of package name globs such as *-dev"),
          Map.entry("file_types", "wheel and/or sdist, comma-separated"),
          Map.entry("poll_interval_seconds", "a whole number of seconds, at least 60"),
          Map.entry("download_dir", "a directory path"),
          Map.entry("server_host", "a host name or IP address such as 0.0.0.0"),
          Map.entry("server_port", "a port number from 1 to 65535"),
          Map.entry("concurrency", "a whole number from 1 to 32"),
          Map.entry("webhook_secret", "the webhook secret configured in Gitea"),
          Map.entry("api_token", "a token for POST /api/sync"),
          Map.entry("transfer_mode", "streaming or staged"));

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d*)?|\\.\\d+");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  private ConfigLoader() {}

  static String hint(String option) {
    String base = option.endsWith("_env") ? null : HINTS.get(option);
    return base != null ? base : "the name of an environment variable such as MY_TOKEN";
  }

  static String missing(String option) {
    return "required option is missing; expected " + hint(option);
  }

  static SyncConfig load(Path file, Function<String, @Nullable String> env) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          ConfigException.Kind.NOT_FOUND,
          List.of(
              new ConfigProblem(
                  file,
                  "",
                  "",
                  "config file not found (looked for "
                      + file.toAbsolutePath()
                      + "); create it or pass another path with -c/--config")));
    }
    if (Files.isDirectory(file)) {
      throw invalid(file, "is a directory, not a config file");
    }
    checkPermissions(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw invalid(file, "is not UTF-8 text");
    } catch (IOException e) {
      throw invalid(file, "cannot be read: " + e.getClass().getSimpleName());
    }
    return parse(text, file, env);
  }

  private static ConfigException invalid(Path file, String message) {
    return new ConfigException(
        ConfigException.Kind.INVALID, List.of(new ConfigProblem(file, "", "", message)));
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
      throw invalid(file, "cannot read its permissions: " + e.getClass().getSimpleName());
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
                  "",
                  "",
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
    SyncConfig.Builder builder = SyncConfig.builder();
    builder.problems = problems;
    builder.source = file;
    String text = iniText.startsWith("\uFEFF") ? iniText.substring(1) : iniText;
    List<IniScanner.Section> sections = IniScanner.scan(text, problems);
    // a broken section header hides what follows it: do not also claim that nothing is defined
    builder.sectionsBroken = !problems.isEmpty();
    INIConfiguration ini = INIConfiguration.builder().setSectionInLineCommentsAllowed(true).build();
    try {
      ini.read(new StringReader(text));
    } catch (ConfigurationException | IOException | RuntimeException e) {
      // the exception text may quote a line of the file, which may hold a secret
      problems.add("", "", "is not a readable INI file");
      problems.throwIfAny();
    }
    Path absolute = file.toAbsolutePath();
    Path baseDir = absolute.getParent() != null ? absolute.getParent() : absolute;
    new ConfigLoader.Run(builder, problems, ini, baseDir, env).read(sections);
    return builder.build();
  }

  /** The state of reading one file. */
  private static final class Run {
    private final SyncConfig.Builder builder;
    private final Problems problems;
    private final INIConfiguration ini;
    private final Path baseDir;
    private final Function<String, @Nullable String> env;

    Run(
        SyncConfig.Builder builder,
        Problems problems,
        INIConfiguration ini,
        Path baseDir,
        Function<String, @Nullable String> env) {
      this.builder = builder;
      this.problems = problems;
      this.ini = ini;
      this.baseDir = baseDir;
      this.env = env;
    }

    void read(List<IniScanner.Section> sections) {
      for (IniScanner.Section s : sections) {
        String name = s.name();
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon);
        String label = colon < 0 ? null : name.substring(colon + 1);
        if (!SECTION_KINDS.contains(kind) || (label != null && kind.equals("runtime"))) {
          unknownSection(name, kind, label);
          continue;
        }
        if (label != null && label.isBlank()) {
          problems.add(name, "", "the name after ':' is missing; expected [" + kind + ":<name>]");
          builder.sectionsBroken = true;
          continue;
        }
        if (label == null && kind.equals("mapping")) {
          problems.add(name, "", "a mapping needs a name; expected [mapping:<name>]");
          builder.sectionsBroken = true;
          continue;
        }
        List<String> allowed =
            switch (kind) {
              case "gitea" -> label == null ? GITEA : GITEA_ORG;
              case "devpi" -> DEVPI;
              case "mapping" -> MAPPING;
              default -> RUNTIME;
            };
        Values v = new Values(s, ini.getSection(name));
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
          case "mapping" -> mapping(v, label);
          default -> runtime(v);
        }
      }
    }

    private void unknownSection(String name, String kind, @Nullable String label) {
      Optional<String> kindGuess = Suggest.closest(kind, SECTION_KINDS);
      String suggestion = "";
      if (kindGuess.isPresent()) {
        String g = kindGuess.get();
        if (g.equals("runtime") || (g.equals("gitea") || g.equals("devpi")) && label == null) {
          suggestion = "did you mean [" + g + "]? ";
        } else if (label != null) {
          suggestion = "did you mean [" + g + ":" + label + "]? ";
        }
      }
      problems.add(name, "", "unknown section; " + suggestion + VALID_SECTIONS);
      builder.sectionsBroken = true;
    }

    private void gitea(Values v) {
      Optional<URI> url = v.url();
      Optional<Secret> token = secret(v, "token", "token_env", Scope.PER_MAPPING);
      Tls tls = v.tls().orElse(Tls.defaults());
      Duration timeout = v.seconds("timeout").orElse(GiteaSettings.DEFAULT_TIMEOUT);
      if (url.isPresent()) {
        builder.gitea(new GiteaSettings(url.get(), token, tls, timeout));
      } else {
        builder.giteaBroken = true;
      }
    }

    private void giteaOrg(Values v, String org) {
      if (!v.has("token") && !v.has("token_env")) {
        problems.add(v.name(), "", "has no token or token_env; add one or remove the section");
        return;
      }
      resolve(v, "token", "token_env")
          .ifPresent(
              r -> {
                if (r.secret != null) {
                  builder.giteaToken(org, r.secret);
                } else if (r.error != null) {
                  builder.orgTokenErrors.put(org, r.error);
                }
              });
    }

    private void devpi(Values v, String name) {
      Optional<URI> url = v.url();
      Optional<String> username = v.required("username");
      Optional<Resolved> password = resolve(v, "password", "password_env");
      Optional<Resolved> token = resolve(v, "token", "token_env");
      if ((v.has("password") || v.has("password_env")) && (v.has("token") || v.has("token_env"))) {
        problems.add(v.name(), v.has("token") ? "token" : "token_env", PASSWORD_XOR_TOKEN);
      }
      for (Optional<Resolved> r : List.of(password, token)) {
        r.map(x -> x.error).ifPresent(e -> builder.devpiCredentialErrors.putIfAbsent(name, e));
      }
      Tls tls = v.tls().orElse(Tls.defaults());
      Duration timeout = v.seconds("timeout").orElse(DevpiServer.DEFAULT_TIMEOUT);
      if (url.isPresent() && username.isPresent()) {
        builder.devpiServer(
            new DevpiServer(
                name,
                url.get(),
                username.get(),
                password.map(r -> r.secret),
                token.map(r -> r.secret),
                tls,
                timeout));
      } else {
        builder.brokenServers.add(name);
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
                  builder.mappingToken(name, r.secret);
                } else if (r.error != null) {
                  builder.mappingTokenErrors.put(name, r.error);
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
                        "'" + item + "' is not a file type; expected " + hint("file_types"));
                  }
                }
                if (!types.isEmpty()) {
                  m.fileTypes(types);
                }
              });
      if (index.isPresent()) {
        builder.mapping(m.build());
      } else {
        builder.brokenMappings.add(name);
      }
    }

    private void runtime(Values v) {
      RuntimeSettings d = RuntimeSettings.defaults();
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
      TransferMode transferMode =
          v.value("transfer_mode")
              .flatMap(
                  text -> {
                    Optional<TransferMode> mode = TransferMode.fromConfigName(text);
                    if (mode.isEmpty()) {
                      problems.add(
                          v.name(),
                          "transfer_mode",
                          "'"
                              + text
                              + "' is not a transfer mode; expected "
                              + hint("transfer_mode"));
                    }
                    return mode;
                  })
              .orElse(d.transferMode());
      builder.runtime(
          new RuntimeSettings(
              poll, downloadDir, host, port, concurrency, webhook, apiToken, transferMode));
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

    // For [gitea] the unset-variable error is kept for the mappings that fall back to it.
    private Optional<Secret> secret(Values v, String option, String envOption, Scope scope) {
      Optional<Resolved> r = resolve(v, option, envOption);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      if (r.get().error != null) {
        if (scope == Scope.GLOBAL) {
          problems.add(v.name(), envOption, r.get().error);
        } else {
          builder.giteaTokenError = r.get().error;
        }
        return Optional.empty();
      }
      return Optional.ofNullable(r.get().secret);
    }

    private Optional<Resolved> resolve(Values v, String option, String envOption) {
      if (v.has(option) && v.has(envOption)) {
        problems.add(
            v.name(), envOption, option + " and " + envOption + " are exclusive; keep one");
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
      private final IniScanner.Section section;
      private final SubnodeConfiguration config;

      Values(IniScanner.Section section, SubnodeConfiguration config) {
        this.section = section;
        this.config = config;
      }

      String name() {
        return section.name();
      }

      boolean has(String option) {
        return section.options().containsKey(option);
      }

      void checkOptions(List<String> allowed, boolean orgSection) {
        section
            .options()
            .forEach(
                (option, lines) -> {
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
                    problems.add(name(), option, "unknown option; " + guess + where);
                  } else if (lines.size() > 1) {
                    problems.add(
                        name(),
                        option,
                        "appears "
                            + lines.size()
                            + " times (lines "
                            + String.join(", ", lines.stream().map(String::valueOf).toList())
                            + "); keep one");
                  }
                });
      }

      Optional<String> value(String option) {
        if (!has(option)) {
          return Optional.empty();
        }
        Object raw = config.getProperty(option);
        if (raw instanceof Collection<?> c) {
          raw = c.isEmpty() ? "" : c.iterator().next();
        }
        String value = raw == null ? "" : raw.toString().strip();
        if (value.isEmpty()) {
          problems.add(name(), option, "has no value; expected " + hint(option));
          return Optional.empty();
        }
        return Optional.of(value);
      }

      Optional<String> required(String option) {
        if (!has(option)) {
          problems.add(name(), option, missing(option));
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
          problems.add(name(), "url", "is not a valid URL; expected " + hint("url"));
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
                        "'" + text + "' is not a number of seconds; expected " + hint(option));
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
                        "'" + text + "' is not a whole number; expected " + hint(option));
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
          problems.add(name(), option, "is not a valid path; expected " + hint(option));
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
                        "lists nothing; expected " + hint(option) + ", or remove the option");
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
