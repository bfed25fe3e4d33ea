package io.github.devpigiteasync.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Thread-safe list of pending faults; each rule is used up after {@code times} matching requests.
 */
public final class FaultPlan {

  /** An injected error answer. {@code retryAfterSeconds} is negative when no header is wanted. */
  public record Failure(int status, int retryAfterSeconds) {}

  private enum Kind {
    FAIL,
    DELAY,
    DROP,
    CORRUPT,
    RESET_REQUEST
  }

  private static final class Rule {
    final Kind kind;
    final Pattern pattern;
    int remaining;
    final int status;
    final int retryAfter;
    final Duration delay;

    Rule(Kind kind, String regex, int times, int status, int retryAfter, Duration delay) {
      this.kind = kind;
      this.pattern = Pattern.compile(regex);
      this.remaining = times;
      this.status = status;
      this.retryAfter = retryAfter;
      this.delay = delay;
    }
  }

  private final Object lock = new Object();
  private final List<Rule> rules = new ArrayList<>();

  public void fail(String pathRegex, int status, int times, int retryAfterSeconds) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599");
    }
    add(new Rule(Kind.FAIL, pathRegex, times, status, retryAfterSeconds, Duration.ZERO));
  }

  public void delay(String pathRegex, Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    add(new Rule(Kind.DELAY, pathRegex, 1, 0, -1, delay));
  }

  public void dropMidBody(String pathRegex, int times) {
    add(new Rule(Kind.DROP, pathRegex, times, 0, -1, Duration.ZERO));
  }

  public void resetRequest(String pathRegex, int times) {
    add(new Rule(Kind.RESET_REQUEST, pathRegex, times, 0, -1, Duration.ZERO));
  }

  public void corrupt(String pathRegex) {
    add(new Rule(Kind.CORRUPT, pathRegex, 1, 0, -1, Duration.ZERO));
  }

  public void clear() {
    synchronized (lock) {
      rules.clear();
    }
  }

  Optional<Failure> takeFailure(String path) {
    return take(Kind.FAIL, path).map(r -> new Failure(r.status, r.retryAfter));
  }

  Duration takeDelay(String path) {
    return take(Kind.DELAY, path).map(r -> r.delay).orElse(Duration.ZERO);
  }

  boolean takeDrop(String path) {
    return take(Kind.DROP, path).isPresent();
  }

  boolean takeResetRequest(String path) {
    return take(Kind.RESET_REQUEST, path).isPresent();
  }

  boolean takeCorrupt(String path) {
    return take(Kind.CORRUPT, path).isPresent();
  }

  private void add(Rule rule) {
    Objects.requireNonNull(rule.pattern, "pathRegex == null");
    if (rule.remaining < 1) {
      throw new IllegalArgumentException("times must be >= 1");
    }
    synchronized (lock) {
      rules.add(rule);
    }
  }

  private Optional<Rule> take(Kind kind, String path) {
    synchronized (lock) {
      for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
        Rule rule = it.next();
        if (rule.kind == kind && rule.pattern.matcher(path).find()) {
          rule.remaining--;
          if (rule.remaining <= 0) {
            it.remove();
          }
          return Optional.of(rule);
        }
      }
      return Optional.empty();
    }
  }
}
