import type { Server } from 'node:http';
import type { Config } from './config';

/**
 * Bounds what a slow or greedy client can hold: the time to send the headers and the whole request
 * (Node's requestTimeout covers receiving the request only, never the answer, so long-polls held
 * open by the gateway are not cut), idle kept-alive connections (5 s unless set: see Config), and
 * open connections in all.
 *
 * Call it right after `listen()`, before the server is listening: Node starts the timer that checks
 * the timeouts when it starts listening, at the interval set here (its default, 30 s, would let a
 * 1-second headers timeout hold a connection for 31 s).
 */
export function applyHttpLimits(
  server: Server,
  config: Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>,
): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.maxConnections = config.maxConnections;
  // Check often enough that a timeout is enforced within a quarter of itself (at most every 5 s).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    250,
    Math.min(5000, Math.floor(config.headersTimeoutMs / 4)),
  );
}
