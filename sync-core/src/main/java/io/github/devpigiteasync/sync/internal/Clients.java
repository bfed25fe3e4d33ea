package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.sync.MappingTarget;
import io.github.devpigiteasync.sync.config.DevpiServer;
import io.github.devpigiteasync.sync.config.GiteaSettings;
import io.github.devpigiteasync.sync.config.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * The HTTP clients of one engine, made on first use and kept for its lifetime: one Gitea client per
 * distinct Gitea settings and token, and one devpi client per server, so devpi logins (10-hour
 * tokens) and connection pools survive from pass to pass. All of them share one OkHttp connection
 * pool and dispatcher.
 */
final class Clients {
  private final OkHttpClient http;
  private final Engine.Options options;
  private final Map<GiteaKey, GiteaClient> gitea = new ConcurrentHashMap<>();
  private final Map<DevpiServer, DevpiClient> devpi = new ConcurrentHashMap<>();

  /** What tells two Gitea clients apart. */
  private record GiteaKey(GiteaSettings settings, Optional<Secret> token) {}

  Clients(OkHttpClient http, Engine.Options options) {
    this.http = http;
    this.options = options;
  }

  GiteaClient gitea(MappingTarget target) {
    return gitea(target.gitea(), target.giteaToken());
  }

  GiteaClient gitea(GiteaSettings settings, Optional<Secret> token) {
    return gitea.computeIfAbsent(
        new GiteaKey(settings, token), k -> newGitea(k.settings(), k.token()));
  }

  DevpiClient devpi(DevpiServer server) {
    return devpi.computeIfAbsent(server, this::newDevpi);
  }

  private GiteaClient newGitea(GiteaSettings s, Optional<Secret> token) {
    GiteaClient.Builder b =
        GiteaClient.builder()
            .baseUrl(s.url().toString())
            .token(token.map(Secret::reveal).orElse(null))
            .timeout(s.timeout())
            .okHttpClient(http)
            .userAgent(options.userAgent())
            // the planner reads the whole listing before anything else: 4 pages in flight
            .readAhead(4)
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
