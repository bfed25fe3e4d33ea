/** Engine internals: discovery, filtering, diffing, staging and transfers. Not an API. */
@NullMarked
package io.github.devpigiteasync.sync.internal;

import org.jspecify.annotations.NullMarked;
