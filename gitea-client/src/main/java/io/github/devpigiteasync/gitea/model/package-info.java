/**
 * Immutable records returned by the Gitea client.
 *
 * <pre>{@code
 * GiteaPackage p = gitea.packages().list("acme", PackageQuery.pypi()).stream().findFirst().orElseThrow();
 * String coordinates = p.name() + "==" + p.version();
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.gitea.model;
