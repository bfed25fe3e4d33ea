/**
 * The server's HTTP handlers, one small final class per endpoint, each taking its dependencies in
 * the constructor. {@link io.github.devpigiteasync.server.SyncServer} wires them into a {@code
 * RoutingHandler}.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.server.handler;
