/**
 * A small, thread-safe client for Gitea's package registry API (PyPI packages in particular).
 *
 * <pre>{@code
 * GiteaClient gitea = GiteaClient.builder()
 *     .baseUrl("https://git.example.org/")
 *     .token(System.getenv("GITEA_TOKEN"))
 *     .build();
 * for (GiteaPackage p : gitea.packages().list("acme", PackageQuery.pypi())) {
 *   System.out.println(p.name() + " " + p.version());
 * }
 * }</pre>
 *
 * <p>All failures are unchecked {@link io.github.devpigiteasync.gitea.GiteaException}s.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.gitea;
