package io.github.devpigiteasync.server;

import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.LeaderElection;
import io.github.devpigiteasync.store.Role;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.store.TriggerRequest;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's part among the daemons sharing a store: it runs passes alone (embedded store or
 * none), leads, or stands by (PostgreSQL). Only a leader or a lone daemon starts passes; a standby
 * hands pass requests to the leader through the store.
 */
final class Leadership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final HistoryStore store;
  private final boolean shared;
  private volatile @Nullable LeaderElection election;

  Leadership(HistoryStore store) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.shared = store.enabled() && store.options().kind() == StoreOptions.Kind.POSTGRES;
  }

  /** A daemon without a store: always {@link Role#SINGLE}. */
  static Leadership single() {
    return new Leadership(HistoryStore.open(StoreOptions.none()));
  }

  /**
   * Starts electing when the store is shared: on becoming leader the scheduler runs a full pass, on
   * losing the lead it cancels the running pass; requests stored by standbys reach the scheduler.
   */
  void start(Scheduler scheduler, Predicate<String> knownMapping) {
    if (!shared) {
      return;
    }
    election =
        LeaderElection.builder(store)
            .onRoleChange(
                role -> {
                  log.info("This daemon is now {}", role.wireName());
                  if (role == Role.LEADER) {
                    scheduler.request(PassScope.all(Trigger.STARTUP.wireName()));
                  } else {
                    scheduler.cancel();
                  }
                })
            .onTrigger(request -> handle(request, scheduler, knownMapping))
            .start();
  }

  private static void handle(
      TriggerRequest request, Scheduler scheduler, Predicate<String> knownMapping) {
    String origin = request.origin().wireName();
    if (request.mappings().isEmpty()) {
      scheduler.request(PassScope.all(origin));
      return;
    }
    Set<String> known = new TreeSet<>(request.mappings());
    known.removeIf(knownMapping.negate());
    if (known.isEmpty()) {
      log.warn("Pass request {} names no mapping of this daemon: ignored", request.id());
      return;
    }
    scheduler.request(PassScope.of(known, origin));
  }

  HistoryStore store() {
    return store;
  }

  /** {@code leader}, {@code standby} or {@code single}. */
  Role role() {
    if (!shared) {
      return Role.SINGLE;
    }
    LeaderElection e = election;
    return e == null ? Role.STANDBY : e.role();
  }

  /** Whether this daemon may start a pass now. */
  boolean mayStart() {
    return role() != Role.STANDBY;
  }

  /**
   * Hands a pass request to the leader.
   *
   * @throws io.github.devpigiteasync.store.StoreUnavailableException when it cannot be stored
   */
  void handOver(Set<String> mappings, String trigger) {
    TriggerRequest t = store.submitTrigger(mappings, Trigger.parse(trigger));
    log.info("Standby: pass request {} ({}) handed to the leader", t.id(), trigger);
  }

  @Override
  public void close() {
    LeaderElection e = election;
    if (e != null) {
      e.close();
    }
  }
}
