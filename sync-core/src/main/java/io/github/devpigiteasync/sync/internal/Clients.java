package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.sync.config.DevpiServer;
import io.github.devpigiteasync.sync.config.GiteaSettings;
import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * The HTTP clients of one engine, made on first use and kept for its lifetime: one Gitea client per
 * distinct token and one devpi client per server, so devpi logins (10-hour tokens) and connection
 * pools survive from pass to pass. All of them share one OkHttp connection pool and dispatcher.
 */
final class Clients {
  private final SyncConfig config;
  private final OkHttpClient http;
  private final Engine.Options options;
  private final Map<Optional<Secret>, GiteaClient> gitea = new ConcurrentHashMap<>();
  private final Map<String, DevpiClient> devpi = new ConcurrentHashMap<>();

  Clients(SyncConfig config, OkHttpClient http, Engine.Options options) {
    this.config = config;
    this.http = http;
    this.options = options;
  }

  GiteaClient gitea(Optional<Secret> token) {
    return gitea.computeIfAbsent(token, this::newGitea);
  }

  DevpiClient devpi(String serverName) {
    return devpi.computeIfAbsent(serverName, name -> newDevpi(config.devpiServers().get(name)));
  }

  private GiteaClient newGitea(Optional<Secret> token) {
    GiteaSettings s = config.gitea();
    GiteaClient.Builder b =
        GiteaClient.builder()
            .baseUrl(s.url().toString())
            .token(token.map(Secret::reveal).orElse(null))
            .timeout(s.timeout())
            .okHttpClient(http)
            .userAgent(options.userAgent())
            .retryPolicy(
                new io.github.devpigiteasync.gitea.RetryPolicy(
                    options.maxAttempts(), options.initialBackoff(), options.maxBackoff()));
    if (!s.tls().verify()) {
      b.verifyTls(false);
    }
    s.tls().caBundle().ifPresent(b::caBundle);
    return b.build();
  }

  private DevpiClient newDevpi(DevpiServer s) {
    DevpiClient.Builder b =
        DevpiClient.builder()
            .baseUrl(s.url().toString())
            .username(s.username())
            .password(s.password().map(Secret::reveal).orElse(null))
            .token(s.token().map(Secret::reveal).orElse(null))
            .timeout(s.timeout())
            .okHttpClient(http)
            .userAgent(options.userAgent())
            .retryPolicy(
                new io.github.devpigiteasync.devpi.RetryPolicy(
                    options.maxAttempts(), options.initialBackoff(), options.maxBackoff()));
    if (!s.tls().verify()) {
      b.verifyTls(false);
    }
    s.tls().caBundle().ifPresent(b::caBundle);
    return b.build();
  }
}
