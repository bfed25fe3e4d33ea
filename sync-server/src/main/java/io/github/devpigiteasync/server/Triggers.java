package io.github.devpigiteasync.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Write side of the server for the trigger API and the webhook: requests passes, debouncing webhook
 * events.
 */
public final class Triggers {
  private final Scheduler scheduler;
  private final LiveState state;
  private final Duration debounce;
  private final ScheduledExecutorService timer;
  private final Leadership leadership;
  private final Object lock = new Object();
  private final Set<String> pending = new TreeSet<>();
  private boolean flushScheduled;

  Triggers(
      Scheduler scheduler, LiveState state, Duration debounce, ScheduledExecutorService timer) {
    this(scheduler, state, debounce, timer, Leadership.single());
  }

  Triggers(
      Scheduler scheduler,
      LiveState state,
      Duration debounce,
      ScheduledExecutorService timer,
      Leadership leadership) {
    this.leadership = Objects.requireNonNull(leadership, "leadership == null");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    this.state = Objects.requireNonNull(state, "state == null");
    this.debounce = Objects.requireNonNull(debounce, "debounce == null");
    this.timer = Objects.requireNonNull(timer, "timer == null");
  }

  /** Whether a selected mapping has this name. */
  public boolean hasMapping(String name) {
    return state.hasMapping(name);
  }

  /**
   * Requests a pass now (API trigger); a standby hands it to the leader instead.
   *
   * @throws io.github.devpigiteasync.store.StoreUnavailableException when a standby cannot reach
   *     the store (nothing was accepted)
   */
  public Scheduler.Outcome request(PassScope scope) {
    if (!leadership.mayStart()) {
      leadership.handOver(scope.mappings(), String.join(",", scope.triggers()));
      return Scheduler.Outcome.HANDED_OVER;
    }
    return scheduler.request(scope);
  }

  /**
   * Schedules a pass of the mappings whose organization is {@code organization} (ignoring case)
   * after the debounce delay; events arriving within the delay join the same pass.
   *
   * <p>A standby hands the pass to the leader right away (the leader's scheduler merges requests).
   *
   * @return the mappings that will be synced; empty when the organization is not mapped (nothing
   *     happens)
   * @throws io.github.devpigiteasync.store.StoreUnavailableException when a standby cannot reach
   *     the store (nothing was accepted)
   */
  public List<String> webhookEvent(String organization) {
    List<String> names = state.mappingsOfOrganization(organization);
    if (names.isEmpty()) {
      return names;
    }
    if (!leadership.mayStart()) {
      leadership.handOver(Set.copyOf(names), "webhook");
      return names;
    }
    synchronized (lock) {
      pending.addAll(names);
      if (!flushScheduled) {
        flushScheduled = true;
        timer.schedule(this::flush, debounce.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    return names;
  }

  private void flush() {
    Set<String> names;
    synchronized (lock) {
      names = Set.copyOf(pending);
      pending.clear();
      flushScheduled = false;
    }
    if (!names.isEmpty()) {
      scheduler.request(PassScope.of(names, "webhook"));
    }
  }
}
