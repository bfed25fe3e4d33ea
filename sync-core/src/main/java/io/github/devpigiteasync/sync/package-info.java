/** Placeholder. */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.sync;
