/**
 * Immutable values read from devpi-server's JSON answers.
 *
 * <pre>{@code
 * for (ReleaseFile file : devpi.ownFiles(IndexRef.parse("alice/dev"), "foo-bar")) {
 *   System.out.println(file.filename() + " " + file.sha256().orElse("?"));
 * }
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.devpi.model;
