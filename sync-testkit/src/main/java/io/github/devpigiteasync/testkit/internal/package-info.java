/** Internals of the simulators and the distribution builder; not a public API. */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.testkit.internal;
