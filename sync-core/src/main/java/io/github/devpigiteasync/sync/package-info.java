/**
 * The sync engine as a plain Java API.
 *
 * <pre>{@code
 * SyncConfig config = SyncConfig.load(Path.of("devpi-gitea-sync.conf"));
 * try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
 *   SyncPlan plan = engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults());
 *   SyncReport report = engine.apply(plan, SyncListener.NONE);
 *   System.out.println(report.succeeded());
 * }
 * }</pre>
 */
@NullMarked
package io.github.devpigiteasync.sync;

import org.jspecify.annotations.NullMarked;
