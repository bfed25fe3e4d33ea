/**
 * The dashboard's view models (preformatted records, no logic in templates) and its Mustache
 * renderer.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.server.view;
