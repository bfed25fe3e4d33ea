/**
 * {@code --demo}: the real server against in-process Gitea and devpi simulators from sync-testkit,
 * filled with sample packages. The only production package that may use the simulators.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.app.demo;
