/**
 * In-process simulators of the Gitea package API and devpi-server, plus a builder for realistic
 * wheels and sdists.
 *
 * <p>Both simulators keep state, listen on a free loopback port, record every request and accept
 * injected faults:
 *
 * <pre>{@code
 * Path dir = Files.createTempDirectory("dists");
 * Dist wheel = Distributions.in(dir).wheel("Foo.Bar", "1.0.0").requiresPython(">=3.8").build();
 * try (FakeGitea gitea = FakeGitea.builder().version("1.24.7").build();
 *      FakeDevpi devpi = FakeDevpi.builder().build()) {
 *     gitea.owner("acme", true).token("t0ken", "acme").publish("acme", wheel);
 *     devpi.user("alice", "secret").index("alice/dev", true);
 *     gitea.faults().failNext("/api/v1/packages/acme", 503, 1);
 *     // ... run the code under test against gitea.url() and devpi.url() ...
 *     assertThat(devpi.file("alice/dev", wheel.filename())).isPresent();
 * }
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.testkit;
