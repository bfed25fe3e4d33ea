package io.github.devpigiteasync.sync.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Replaces every configured secret value in a text with {@code ****} before the text is stored,
 * shown or logged: what the server puts on its pages and what the history keeps or prints.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.of(config.secrets());
 * log.warn("pass failed: {}", redactor.redact(e.getMessage()));
 * }</pre>
 */
public final class Redactor implements UnaryOperator<String> {
  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for these secrets. */
  public static Redactor of(Collection<Secret> secrets) {
    return none().and(secrets);
  }

  /** A redactor that also replaces {@code more}. */
  public Redactor and(Collection<Secret> more) {
    Objects.requireNonNull(more, "more == null");
    return new Redactor(
        // longest first, so a secret that contains another is replaced whole
        Stream.concat(secrets.stream(), more.stream().map(Secret::reveal))
            .filter(s -> !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  /** A redactor that changes nothing. */
  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** The text with every secret value replaced by {@code ****}. */
  public String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "****");
    }
    return result;
  }

  /** The same as {@link #redact}. */
  @Override
  public String apply(String text) {
    return redact(text);
  }
}
