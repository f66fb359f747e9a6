// A forward proxy as offices run them, on loopback, for tests: hpagent (our client) tunnels with
// CONNECT, for http and https alike. `route` decides where a tunnel for `host:port` really goes
// (null: refused with 502), so a test can make a tenant host name lead to a local server. Every
// tunnel is closed with the proxy: a CONNECT socket is no longer the HTTP server's to close.
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `CONNECT host:port` for each tunnel asked for, in order. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

export type ProxyRoute = (hostPort: string) => { readonly host: string; readonly port: number } | null;

/** Tunnels to where the client asked. */
export const DIRECT_ROUTE: ProxyRoute = (hostPort) => {
  const at = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
};

export async function startConnectProxy(route: ProxyRoute = DIRECT_ROUTE): Promise<ConnectProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connection', track);
  proxy.on('connect', (req, client: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const to = route(req.url ?? '');
    if (to === null) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = track(connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    }));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
    },
  };
}
