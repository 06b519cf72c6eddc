//! `node:net`, `node:dns` and `node:dgram` over the kernel's socket table: TCP servers and
//! clients on the virtual loopback (in one guest and across guest processes), half-close,
//! backpressure, Node's connection errors, name resolution, UDP, and destinations the
//! network permissions deny.

mod common;

use serde_json::json;

/// Events, addresses and byte counts of one connection to an echo server, found through
/// `localhost`.
#[tokio::test]
async fn an_echo_server_and_client_talk_in_one_guest() {
    let value = common::eval(
        r#"
        const net = require('net');
        const events = [];
        const server = net.createServer((socket) => {
          events.push('connection');
          socket.on('data', (d) => socket.write(d));
          socket.on('end', () => { events.push('server-end'); socket.end(); });
        });
        server.listen(0, '127.0.0.1', () => {
          const { port, address, family } = server.address();
          const client = net.connect(port, 'localhost');
          let got = '';
          client.on('lookup', (err, ip, fam, host) => events.push(`lookup ${ip} ${fam} ${host}`));
          let remote;
          client.on('connect', () => {
            events.push('connect');
            remote = [client.remoteAddress, client.remotePort === port, client.remoteFamily,
              client.localAddress, client.localPort > 0];
            client.write('hello ');
            client.end('world');
          });
          client.on('ready', () => events.push('ready'));
          client.on('data', (d) => { got += d; });
          client.on('end', () => events.push('client-end'));
          client.on('close', (hadError) => {
            events.push(`close ${hadError}`);
            server.close(() => __return({
              got, events, address, family, portOk: port > 0,
              remote,
              bytes: [client.bytesRead, client.bytesWritten],
              readyState: client.readyState,
            }));
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "address": "127.0.0.1",
            "bytes": [11, 11],
            "events": [
                "lookup 127.0.0.1 4 localhost",
                "lookup ::1 6 localhost",
                "connection",
                "connect",
                "ready",
                "server-end",
                "client-end",
                "close false"
            ],
            "family": "IPv4",
            "got": "hello world",
            "portOk": true,
            "readyState": "closed",
            "remote": ["127.0.0.1", true, "IPv4", "127.0.0.1", true]
        })
    );
}

/// A port nobody listens on refuses the connection with Node's error.
#[tokio::test]
async fn a_refused_connection_fails_like_node() {
    let value = common::eval(
        r#"
        const net = require('net');
        const probe = net.createServer().listen(0, () => {
          const { port } = probe.address();
          probe.close(() => {
            const socket = net.connect({ port, host: '127.0.0.1' });
            socket.on('error', (e) => {
              socket.on('close', () => __return({
                message: e.message.replace(String(port), 'PORT'), code: e.code, errno: e.errno,
                syscall: e.syscall, address: e.address, portOk: e.port === port,
                destroyed: socket.destroyed,
              }));
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "address": "127.0.0.1",
            "code": "ECONNREFUSED",
            "destroyed": true,
            "errno": -111,
            "message": "connect ECONNREFUSED 127.0.0.1:PORT",
            "portOk": true,
            "syscall": "connect"
        })
    );
}

/// Port 0 picks a free port on `::`; listening on it again fails as Node reports it.
#[tokio::test]
async fn a_taken_port_fails_with_eaddrinuse_and_port_zero_is_ephemeral() {
    let value = common::eval(
        r#"
        const net = require('net');
        const first = net.createServer().listen(0, () => {
          const { port, address, family } = first.address();
          const second = net.createServer();
          second.on('error', (e) => {
            first.close(() => __return({
              address, family, portOk: port > 1023,
              message: e.message.replace(String(port), 'PORT'), code: e.code, errno: e.errno,
              syscall: e.syscall, listening: second.listening,
            }));
          });
          second.listen(port);
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "address": "::",
            "code": "EADDRINUSE",
            "errno": -98,
            "family": "IPv6",
            "listening": false,
            "message": "listen EADDRINUSE: address already in use :::PORT",
            "portOk": true,
            "syscall": "listen"
        })
    );
}

/// With allowHalfOpen, the peer reads end of file and can still answer.
/// `reusePort` listeners share a port and take connections in turn; a plain listener on
/// it is refused; `resetAndDestroy` aborts a connection, which the peer sees as Node's
/// `ECONNRESET`.
#[tokio::test]
async fn reuse_port_servers_share_a_port_and_resets_reach_the_peer() {
    let value = common::eval(
        r#"
        const net = require('net');
        const hits = [0, 0];
        const servers = hits.map((_, i) => net.createServer((socket) => {
          hits[i]++;
          socket.end();
        }));
        const listen = (server, options) =>
          new Promise((resolve) => server.listen(options, resolve));
        const connectOnce = (port) => new Promise((resolve) =>
          net.connect(port).on('close', resolve).resume());
        (async () => {
          await listen(servers[0], { port: 0, reusePort: true });
          const { port } = servers[0].address();
          await listen(servers[1], { port, reusePort: true });
          for (let i = 0; i < 4; i++) await connectOnce(port);
          const plain = await new Promise((resolve) =>
            net.createServer().listen(port).on('error', (e) => resolve(e.code)));
          const aborting = net.createServer((socket) => socket.resetAndDestroy());
          await listen(aborting, 0);
          const reset = await new Promise((resolve) =>
            net.connect(aborting.address().port).on('error', (e) => resolve([e.code, e.message]))
              .resume());
          for (const server of [...servers, aborting]) server.close();
          __return({ hits, plain, reset });
        })();
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "hits": [2, 2], "plain": "EADDRINUSE", "reset": ["ECONNRESET", "read ECONNRESET"] })
    );
}

#[tokio::test]
async fn ending_a_socket_half_closes_the_connection() {
    let value = common::eval(
        r#"
        const net = require('net');
        const log = [];
        const server = net.createServer({ allowHalfOpen: true }, (socket) => {
          let got = '';
          socket.on('data', (d) => { got += d; });
          socket.on('end', () => {
            log.push(`server got ${got}`);
            setTimeout(() => socket.end(`pong after ${got}`), 10);
          });
        });
        server.listen(0, () => {
          const client = net.connect({ port: server.address().port, allowHalfOpen: true }, () => {
            client.end('ping');
          });
          client.on('finish', () => log.push('client finish'));
          let reply = '';
          client.on('data', (d) => { reply += d; });
          client.on('end', () => log.push('client end'));
          client.on('close', () => server.close(() => __return({ log, reply })));
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "log": ["client finish", "server got ping", "client end"],
            "reply": "pong after ping"
        })
    );
}

/// 1 MiB to a reader that pauses: writes report backpressure, 'drain' resumes them, and every byte
/// arrives in order.
#[tokio::test]
async fn a_large_transfer_arrives_whole_under_backpressure() {
    let value = common::eval(
        r#"
        const net = require('net');
        const SIZE = 1 << 20;
        const payload = Buffer.alloc(SIZE);
        for (let i = 0; i < SIZE; i++) payload[i] = (i * 31) & 0xff;
        let sawBackpressure = false;
        let drains = 0;
        const server = net.createServer((socket) => {
          const chunk = 64 * 1024;
          let offset = 0;
          const pump = () => {
            while (offset < SIZE) {
              const ok = socket.write(payload.subarray(offset, offset + chunk));
              offset += chunk;
              if (!ok) {
                sawBackpressure = true;
                socket.once('drain', () => { drains++; pump(); });
                return;
              }
            }
            socket.end();
          };
          pump();
        });
        server.listen(0, () => {
          const parts = [];
          const client = net.connect(server.address().port);
          client.on('data', (d) => parts.push(d));
          client.once('data', () => { client.pause(); setTimeout(() => client.resume(), 50); });
          client.on('end', () => {
            const got = Buffer.concat(parts);
            server.close(() => __return({
              length: got.length, same: got.equals(payload), sawBackpressure,
              drained: drains > 0, bytesRead: client.bytesRead }));
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "bytesRead": 1048576,
            "drained": true,
            "length": 1048576,
            "same": true,
            "sawBackpressure": true
        })
    );
}

/// A child process listens; its parent connects over the kernel's loopback.
#[tokio::test]
async fn two_guest_processes_talk_over_tcp() {
    let value = common::eval(
        r#"
        const { spawn } = require('child_process');
        const net = require('net');
        const child = spawn('node', ['-e', `
          const net = require('net');
          const server = net.createServer((c) => {
            c.on('data', (d) => { c.end('child got ' + d); server.close(); });
          });
          server.listen(0, () => console.log(server.address().port));
        `]);
        const exited = new Promise((resolve) => child.on('exit', resolve));
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (!out.endsWith('\n')) return;
          const socket = net.connect(Number(out.trim()), '127.0.0.1', () => socket.write('hi'));
          let reply = '';
          socket.on('data', (d) => { reply += d; });
          socket.on('close', () => exited.then((code) => __return({ reply, code })));
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "code": 0,
            "reply": "child got hi"
        })
    );
}

/// pauseOnConnect, connection counts, writes queued before connecting, idle timeouts, `close`
/// waiting for connections, and destinations the permissions deny.
#[tokio::test]
async fn socket_and_server_options_and_denied_destinations() {
    let value = common::eval(
        r#"
        const net = require('net');
        const out = {};
        const server = net.createServer({ pauseOnConnect: true }, (socket) => {
          out.paused = socket.isPaused();
          server.getConnections((err, n) => {
            out.connections ??= n;
            socket.resume();
            socket.on('data', (d) => { out.early = String(d); socket.end(); });
          });
        });
        server.maxConnections = 5;
        server.listen({ port: 0, host: 'localhost' }, async () => {
          out.listening = server.listening;
          const { port } = server.address();
          const client = net.createConnection({ port, timeout: 5000 });
          out.pendingBefore = [client.pending, client.connecting, client.readyState];
          client.write('queued before connect');
          client.setNoDelay(true).setKeepAlive(true, 1000);
          client.on('connect', () => {
            out.pendingAfter = [client.pending, client.connecting, client.readyState];
          });
          client.on('end', () => {
            const idle = net.connect(port);
            idle.setTimeout(30, () => {
              out.timedOut = true;
              idle.destroy();
              server.close(() => {
                out.closed = true;
                const denied = net.connect(80, '10.0.0.1');
                denied.on('error', (e) => {
                  out.denied = [e.message, e.code, e.syscall];
                  const named = net.connect(80, 'example.com');
                  named.on('error', (e2) => {
                    out.namedDenied = [e2.message, e2.code];
                    try { net.connect(70000); } catch (e3) { out.badPort = [e3.code, e3.message]; }
                    __return(out);
                  });
                });
              });
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "badPort": [
                "ERR_SOCKET_BAD_PORT",
                "Port should be >= 0 and < 65536. Received type number (70000)."
            ],
            "closed": true,
            "connections": 1,
            "denied": [
                "connect EACCES 10.0.0.1:80 - network access denied by permissions.network",
                "EACCES",
                "connect"
            ],
            "early": "queued before connect",
            "listening": true,
            "namedDenied": [
                "getaddrinfo EACCES example.com - network access denied by permissions.network",
                "EACCES"
            ],
            "paused": true,
            "pendingAfter": [false, false, "open"],
            "pendingBefore": [true, true, "opening"],
            "timedOut": true
        })
    );
}

/// lookup (callback and promise), resolve4, record types the kernel cannot answer, lookupService,
/// and a name the permissions keep from the host's resolver.
#[tokio::test]
async fn dns_resolves_localhost_and_numeric_addresses() {
    let value = common::eval(
        r#"
        const dns = require('dns');
        const out = {};
        dns.lookup('localhost', (err, address, family) => {
          out.localhost = [err, address, family];
          dns.lookup('::1', { all: true }, async (err2, all) => {
            out.numeric = all;
            out.promise = await dns.promises.lookup('localhost', { all: true });
            out.resolve4 = await require('dns/promises').resolve4('localhost');
            out.order = dns.getDefaultResultOrder();
            try {
              await dns.promises.resolveMx('localhost');
            } catch (e) {
              out.mx = [e.message, e.code, e.syscall];
            }
            out.service = await dns.promises.lookupService('127.0.0.1', 22);
            dns.lookup('example.com', (e) => {
              out.denied = e && [e.message, e.code, e.syscall, e.hostname];
              __return(out);
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "denied": [
                "getaddrinfo EACCES example.com - network access denied by permissions.network",
                "EACCES",
                "getaddrinfo",
                "example.com"
            ],
            "localhost": [null, "127.0.0.1", 4],
            "mx": ["queryMx ENOTIMP localhost", "ENOTIMP", "queryMx"],
            "numeric": [{"address": "::1", "family": 6}],
            "order": "verbatim",
            "promise": [{"address": "127.0.0.1", "family": 4}, {"address": "::1", "family": 6}],
            "resolve4": ["127.0.0.1"],
            "service": {"hostname": "localhost", "service": "ssh"}
        })
    );
}

/// A datagram (sent from an array of strings, implicitly binding the sender) and its echo.
#[tokio::test]
async fn udp_datagrams_make_a_round_trip() {
    let value = common::eval(
        r#"
        const dgram = require('dgram');
        const server = dgram.createSocket('udp4');
        server.on('message', (msg, rinfo) => {
          server.send(Buffer.from(`echo:${msg}`), rinfo.port, rinfo.address);
        });
        server.bind(0, '127.0.0.1', () => {
          const { port } = server.address();
          const client = dgram.createSocket('udp4');
          client.on('message', (msg, rinfo) => {
            const result = { msg: String(msg), rinfo: { ...rinfo, port: rinfo.port === port },
              listening: client.address().port > 0 };
            client.close(() => server.close(() => __return(result)));
          });
          client.send(['hi ', 'there'], port, '127.0.0.1', (err, bytes) => {
            if (err) throw err;
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "listening": true,
            "msg": "echo:hi there",
            "rinfo": {"address": "127.0.0.1", "family": "IPv4", "port": true, "size": 13}
        })
    );
}

/// IPv6 UDP, connect/disconnect, a denied destination, and the calls the virtual network does not
/// support.
#[tokio::test]
async fn connected_udp_sockets_and_udp_errors() {
    let value = common::eval(
        r#"
        const dgram = require('dgram');
        const out = {};
        let received;
        const bReceived = new Promise((resolve) => { received = resolve; });
        const a = dgram.createSocket({ type: 'udp6' });
        a.bind({ port: 0 }, () => {
          out.a = a.address().family;
          const b = dgram.createSocket('udp6', (msg, rinfo) => {
            out.bGot = [String(msg), rinfo.family, rinfo.size];
            b.close(received);
          });
          b.bind(0, '::1', () => {
            const port = b.address().port;
            a.connect(port, '::1', () => {
              out.remote = a.remoteAddress().port === port;
              try { a.send('x', 0, 1, port); } catch (e) { out.isConnected = e.code; }
              a.send('hello', (err, bytes) => {
                out.sent = [err, bytes];
                a.disconnect();
                try { a.remoteAddress(); } catch (e) { out.notConnected = e.code; }
                const c = dgram.createSocket('udp4');
                c.send('out', 53, '10.0.0.1', (e) => {
                  out.denied = e && [e.message, e.code];
                  out.queue = [c.getSendQueueSize(), c.getSendQueueCount()];
                  c.close();
                  try { c.close(); } catch (e2) { out.closeTwice = e2.code; }
                  try { a.addMembership('224.0.0.1'); } catch (e3) { out.multicast = e3.code; }
                  bReceived.then(() => a.close(() => __return(out)));
                });
              });
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "a": "IPv6",
            "bGot": ["hello", "IPv6", 5],
            "closeTwice": "ERR_SOCKET_DGRAM_NOT_RUNNING",
            "denied": [
                "send EACCES 10.0.0.1:53 - network access denied by permissions.network",
                "EACCES"
            ],
            "isConnected": "ERR_SOCKET_DGRAM_IS_CONNECTED",
            "multicast": "ERR_METHOD_NOT_IMPLEMENTED",
            "notConnected": "ERR_SOCKET_DGRAM_NOT_CONNECTED",
            "queue": [0, 0],
            "remote": true,
            "sent": [null, 5]
        })
    );
}

/// Connecting a connecting socket fails with EALREADY; a closed socket connects again, and its
/// idle timeout fires again after new activity.
#[tokio::test]
async fn sockets_reconnect_and_time_out_repeatedly() {
    let value = common::eval(
        r#"
        const net = require('net');
        const out = {};
        const server = net.createServer((s) => s.on('data', (d) => s.write(d)));
        server.listen(0, () => {
          const port = server.address().port;
          const s = net.connect(port, '127.0.0.1');
          s.connect(port, '127.0.0.1');
          s.on('error', (e) => {
            out.already = e.message.replace(String(port), 'P');
            s.once('close', () => {
              const again = s.connect(port, '127.0.0.1', () => {
                out.reconnected = again === s;
                let timeouts = 0;
                s.setTimeout(20);
                s.on('timeout', () => {
                  timeouts++;
                  if (timeouts === 1) s.write('ping');
                  else { out.timeouts = timeouts; s.destroy(); server.close(() => __return(out)); }
                });
              });
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "already": "connect EALREADY 127.0.0.1:P",
            "reconnected": true,
            "timeouts": 2
        })
    );
}

/// Unix-domain sockets: a server on a path, a client and an HTTP request over it (`socketPath`),
/// and Node's errors for a taken path, a missing one and a path that is not a socket.
#[tokio::test]
async fn unix_domain_sockets_connect_by_path() {
    let value = common::eval(
        r#"
        const net = require('net');
        const http = require('http');
        const fs = require('fs');
        const out = {};
        const server = net.createServer((s) => { out.remote = s.remoteAddress ?? null; s.end('hello'); });
        server.listen('/tmp/app.sock', () => {
          out.address = server.address();
          net.createServer().listen('/tmp/app.sock').on('error', (e) => { out.taken = e.message; });
          const client = net.connect('/tmp/app.sock');
          client.setEncoding('utf8');
          client.on('data', (d) => { out.got = d; });
          client.on('end', () => {
            net.connect('/tmp/none.sock').on('error', (e) => {
              out.missing = e.message;
              fs.writeFileSync('/tmp/plain.txt', '');
              net.connect('/tmp/plain.txt').on('error', (e) => {
                out.plain = e.code;
                const web = http.createServer((req, res) => res.end(`http ${req.url}`));
                web.listen('/tmp/http.sock', () => {
                  http.get({ socketPath: '/tmp/http.sock', path: '/x' }, (res) => {
                    res.setEncoding('utf8');
                    res.on('data', (d) => { out.http = d; });
                    res.on('end', () => web.close(() => server.close(() => __return(out))));
                  });
                });
              });
            });
          });
        });
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "address": "/tmp/app.sock",
            "taken": "listen EADDRINUSE: address already in use /tmp/app.sock",
            "remote": null,
            "got": "hello",
            "missing": "connect ENOENT /tmp/none.sock",
            "plain": "ECONNREFUSED",
            "http": "http /x",
        })
    );
}
