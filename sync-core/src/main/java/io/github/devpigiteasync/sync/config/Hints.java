package io.github.devpigiteasync.sync.config;

import java.util.Map;

/** What each option expects, for problem messages. */
final class Hints {
  static final String PASSWORD_XOR_TOKEN =
      "password/password_env and token/token_env are exclusive; keep one kind of credential";

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
          Map.entry("state_dir", "a directory path"),
          Map.entry("server_host", "a host name or IP address such as 0.0.0.0"),
          Map.entry("server_port", "a port number from 1 to 65535"),
          Map.entry("concurrency", "a whole number from 1 to 32"),
          Map.entry("transfer_mode", "streaming or staged"),
          Map.entry("webhook_secret", "the webhook secret configured in Gitea"),
          Map.entry("api_token", "a token for POST /api/sync"),
          Map.entry(
              "store_url", "jdbc:postgresql://host[:port]/database, or none to keep no history"),
          Map.entry("store_username", "the database user"),
          Map.entry("history_days", "a whole number of days, at least 1"));

  private Hints() {}

  /** What {@code option} expects; options of {@code [store]} are looked up as {@code store_x}. */
  static String hint(String section, String option) {
    if (option.endsWith("_env")) {
      return "the name of an environment variable such as MY_TOKEN";
    }
    String base = section.equals("store") ? HINTS.get("store_" + option) : null;
    if (base == null) {
      base = HINTS.get(option);
    }
    return base != null ? base : "the name of an environment variable such as MY_TOKEN";
  }

  static String missing(String section, String option) {
    return "required option is missing; expected " + hint(section, option);
  }
}
