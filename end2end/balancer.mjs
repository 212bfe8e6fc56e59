// A round-robin HTTP balancer for the two-server run (playwright.config.ts, E2E_DATABASE_URL):
// each request goes to the server after the one the previous request went to, so a session,
// a profile read and an offline edit's replay each cross servers. Written on Node's http module
// rather than a package: strict alternation is the point of the test (nginx is not installed,
// and the npm http-proxy has had no release since 2020).
// Usage: node balancer.mjs LISTEN_PORT UPSTREAM_PORT...
import http from 'node:http';

const [listen, ...upstreams] = process.argv.slice(2).map(Number);
let next = 0;

http
  .createServer((req, res) => {
    const port = upstreams[next++ % upstreams.length];
    const forward = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode, reply.headers);
        reply.pipe(res);
      },
    );
    forward.on('error', () => {
      // what a load balancer answers when its upstream is gone
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  })
  .listen(listen, '127.0.0.1');
