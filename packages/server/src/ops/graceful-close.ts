/**
 * Stopping the HTTP server without waiting on connections that serve nobody. Node's `server.close()`
 * waits for every open connection, and its `closeIdleConnections()` skips a connection that was
 * opened but has not sent a request yet (a client reconnecting just as the server stops): such a
 * socket held the shutdown until Node's 60 s headers timeout. So the connections are tracked here
 * with the requests they serve: while the server closes, a connection with no request in flight is
 * closed at once (and as soon as its last response ends), and after `graceMs` every connection is
 * closed, so that a request that never ends cannot hold the shutdown either.
 */
import type { Server } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Runs `close` (which must stop the server), closing idle connections meanwhile. */
  closeGracefully(close: () => Promise<void>, graceMs: number): Promise<void>;
}

export function trackConnections(server: Server): ConnectionTracker {
  /** Open connections, with the number of requests each is serving. */
  const inFlight = new Map<Socket, number>();
  let closing = false;
  const connectionEvent = server instanceof HttpsServer ? 'secureConnection' : 'connection';
  server.on(connectionEvent, (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
    if (closing) socket.destroy();
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (!inFlight.has(socket)) return;
      inFlight.set(socket, left);
      if (closing && left <= 0) socket.destroySoon();
    });
  });
  const closeIdle = () => {
    for (const [socket, requests] of inFlight) if (requests <= 0) socket.destroy();
  };
  return {
    async closeGracefully(close, graceMs) {
      closing = true;
      const stopping = close();
      closeIdle();
      const deadline = setTimeout(() => {
        for (const socket of inFlight.keys()) socket.destroy();
        server.closeAllConnections();
      }, graceMs);
      try {
        await stopping;
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
