// The web server: Next.js behind a plain Node HTTP server that stamps each request with the
// address it really came from (see lib/auth/client-address.ts), which `next start` cannot: it
// keeps whatever X-Forwarded-For the client sent.
import "./private-files"; // first: sets the private umask before anything creates a file
import { createServer } from "node:http";
import next from "next";
import { clientAddress, clientAddressHeader, parseTrustedProxies } from "../lib/auth/client-address";
import { env } from "../lib/env";

const config = env();
const trusted = parseTrustedProxies(config.TRUSTED_PROXIES);
const app = next({ dev: false, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((request, response) => {
  request.headers[clientAddressHeader] = clientAddress({
    socketAddress: request.socket.remoteAddress,
    forwardedFor: request.headers["x-forwarded-for"],
    trusted,
  });
  void handle(request, response);
});
server.listen(config.PORT, config.HOST, () =>
  console.log(`Web server listening on ${config.HOST} port ${config.PORT}`),
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
