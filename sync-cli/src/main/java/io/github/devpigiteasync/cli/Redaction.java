package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.config.DevpiServer;
import io.github.devpigiteasync.sync.config.MappingCredentials;
import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replaces every secret of a configuration with {@code ****} in a text: what a one-off run stores
 * in the history and what {@code history} prints (rows written by another daemon or an older
 * version may still quote one).
 */
final class Redaction implements UnaryOperator<String> {
  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  static Redaction of(SyncConfig config) {
    List<Secret> all = new ArrayList<>();
    config.gitea().token().ifPresent(all::add);
    for (DevpiServer s : config.devpiServers().values()) {
      s.password().ifPresent(all::add);
      s.token().ifPresent(all::add);
    }
    for (MappingCredentials c : config.credentials().values()) {
      c.giteaToken().ifPresent(all::add);
      c.devpiPassword().ifPresent(all::add);
      c.devpiToken().ifPresent(all::add);
    }
    config.runtime().webhookSecret().ifPresent(all::add);
    config.runtime().apiToken().ifPresent(all::add);
    return new Redaction(
        // longest first, so a secret that contains another is replaced whole
        all.stream()
            .map(Secret::reveal)
            .filter(s -> !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  @Override
  public String apply(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "****");
    }
    return result;
  }
}
