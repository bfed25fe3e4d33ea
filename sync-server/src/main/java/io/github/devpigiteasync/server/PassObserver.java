package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.SyncReport;

/** Told by the {@link Scheduler} about each pass's start and end. */
interface PassObserver {

  void passStarted(long id, PassScope scope);

  void passFinished(long id, PassScope scope, SyncReport report);

  void passFailed(long id, PassScope scope, RuntimeException error);

  static PassObserver of(PassObserver... observers) {
    return new PassObserver() {
      @Override
      public void passStarted(long id, PassScope scope) {
        for (PassObserver o : observers) {
          o.passStarted(id, scope);
        }
      }

      @Override
      public void passFinished(long id, PassScope scope, SyncReport report) {
        for (PassObserver o : observers) {
          o.passFinished(id, scope, report);
        }
      }

      @Override
      public void passFailed(long id, PassScope scope, RuntimeException error) {
        for (PassObserver o : observers) {
          o.passFailed(id, scope, error);
        }
      }
    };
  }
}
