package io.github.devpigiteasync.sync.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Knows the HTTP calls the engine's clients have in flight, so that cancelling a pass can abort
 * them at once: a thread blocked in a socket read does not notice an interrupt, and would otherwise
 * sit until its read timeout.
 */
final class CallTracker extends EventListener {
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  @Override
  public void callStart(Call call) {
    calls.add(call);
  }

  @Override
  public void callEnd(Call call) {
    calls.remove(call);
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    calls.remove(call);
  }

  @Override
  public void canceled(Call call) {
    calls.remove(call);
  }

  /** Cancels every call in flight; each fails with an {@link IOException} on its own thread. */
  void cancelAll() {
    calls.forEach(Call::cancel);
  }
}
