/**
 * The configuration of devpi-gitea-sync: immutable records loaded from an INI file or built in
 * code.
 *
 * <pre>{@code
 * SyncConfig config = SyncConfig.load(Path.of("devpi-gitea-sync.conf"));
 * for (Mapping m : config.select(List.of(), List.of()).mappings()) {
 *   if (config.problemsFor(m).isEmpty()) {
 *     Optional<Secret> token = config.giteaTokenFor(m);
 *     DevpiServer devpi = config.devpiServerFor(m);
 *   }
 * }
 * }</pre>
 *
 * <p>Loading validates every rule before any network access and throws one {@link
 * io.github.devpigiteasync.sync.config.ConfigException} listing every problem.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.sync.config;
