/**
 * Benchmarks of the sync engine against the in-process simulators: requests per pass over an
 * unchanged organization, transfer throughput compared with a plain OkHttp pipe, and heap while
 * syncing a 2 GiB file under {@code -Xmx64m}. Run {@link io.github.devpigiteasync.bench.SyncBench};
 * {@code docs/performance.md} says how and records the figures.
 */
@NullMarked
package io.github.devpigiteasync.bench;

import org.jspecify.annotations.NullMarked;
