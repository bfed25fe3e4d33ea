/** Implementation details of the Gitea client; not an API, may change at any time. */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.gitea.internal;
