/** Implementation details of the devpi client; not an API, may change without notice. */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.devpi.internal;
