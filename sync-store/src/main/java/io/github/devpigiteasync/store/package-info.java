/** Sync history store. */
@NullMarked
package io.github.devpigiteasync.store;

import org.jspecify.annotations.NullMarked;
