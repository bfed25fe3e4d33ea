package io.github.devpigiteasync.testkit.internal;

import io.github.devpigiteasync.testkit.RecordedRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps the most recent requests (bounded, so a long-running demo does not grow without limit). */
public final class RequestLog {
  static final int CAPACITY = 100_000;

  private final Object lock = new Object();
  private final Deque<RecordedRequest> entries = new ArrayDeque<>();

  void add(RecordedRequest request) {
    synchronized (lock) {
      if (entries.size() >= CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(request);
    }
  }

  public List<RecordedRequest> snapshot() {
    synchronized (lock) {
      return List.copyOf(entries);
    }
  }

  public int count(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    String wanted = method.toUpperCase(Locale.ROOT);
    synchronized (lock) {
      int n = 0;
      for (RecordedRequest r : entries) {
        if (r.method().equals(wanted) && pattern.matcher(r.path()).find()) {
          n++;
        }
      }
      return n;
    }
  }

  public void clear() {
    synchronized (lock) {
      entries.clear();
    }
  }
}
