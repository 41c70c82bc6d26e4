"""waitress, set up for slow and hostile clients: bounded connections, headers and bodies,
and its own early errors (malformed request line, huge headers, bad Content-Length, a body
over the limit) answered in the one JSON error shape. docs/decisions/0006-server-hardening.md
says why each number is what it is."""
from __future__ import annotations

import ipaddress
import json
import logging
import threading
from collections import Counter

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from .access_log import METHODS

access_log = logging.getLogger("cdt_server.access")

CLEANUP_INTERVAL = 2  # seconds between sweeps for idle connections (waitress default 30)
BACKLOG = 1024

MESSAGES = {
    400: "The request is not valid HTTP.",
    413: "The request body is over the size limit.",
    431: "The request headers are over the size limit.",
    500: "The server failed on this request; the details are in its log.",
    501: "The request uses an HTTP feature this server does not implement.",
}


def _slug(reason: str) -> str:
    return reason.lower().replace(" ", "_").replace("'", "")


class JsonErrorTask(ErrorTask):
    """What waitress answers before the app runs, in the app's JSON error shape."""

    def execute(self):
        err = self.request.error
        body = json.dumps({"status": err.code, "error": _slug(err.reason),
                           "message": MESSAGES.get(err.code, "The request could not be read.")},
                          separators=(",", ":")).encode()
        self.status = f"{err.code} {err.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)
        method = getattr(self.request, "command", None)
        method = method if method in METHODS else ("OTHER" if method else "-")
        access_log.info("%s - %s 0.0ms", method, err.code)


class JsonErrorChannel(HTTPChannel):
    error_task_class = JsonErrorTask

    def writable(self):
        """Whether the I/O loop should ask poll() to wake it when this socket can take data.

        waitress says yes whenever output is buffered, also while a worker is still running the
        request. But a running task sends its own output (``send_bytes`` is 1) under the outbuf
        lock, and the loop's ``handle_write`` then only fails to take that lock: a socket is
        nearly always writable, so poll() returned at once and the I/O thread spun over every
        open channel, holding the GIL the workers needed to finish. At 64 clients that cut the
        throughput to a fifth (docs/PERFORMANCE.md). Here the loop waits instead until the
        task ends (service() pulls the trigger, the loop looks again) or the task is blocked
        waiting for room above the high watermark, which only the loop can make."""
        if self.will_close or self.close_when_flushed:
            return True
        if not self.total_outbufs_len:
            return False
        return not self.requests or self.total_outbufs_len > self.adj.outbuf_high_watermark


_BUSY_BODY = (b'{"status":503,"error":"service_unavailable",'
              b'"message":"Too many open connections from this address; try again."}')
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
        b"Content-Length: " + str(len(_BUSY_BODY)).encode() + b"\r\n\r\n" + _BUSY_BODY)


class PerClientLimit:
    """A channel factory that refuses a remote address more than ``limit`` open connections,
    so one misbehaving workstation cannot hold every connection the server has. Loopback peers
    share one address (every local process), so they are left to the overall limit."""

    def __init__(self, limit: int):
        self.limit = limit
        self.open: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, server, sock, addr, adj, map=None):
        peer = addr[0] if isinstance(addr, tuple) else str(addr)
        counted = self.limit > 0 and not _loopback(peer)
        if counted:
            with self.lock:
                if self.open[peer] >= self.limit:
                    _refuse(sock)
                    return None
                self.open[peer] += 1
        channel = JsonErrorChannel(server, sock, addr, adj, map=map)
        if counted:
            release = self._release

            def close(original=channel.close):
                if not getattr(channel, "_cdt_released", False):
                    channel._cdt_released = True
                    release(peer)
                original()

            channel.close = close
        return channel

    def _release(self, peer: str) -> None:
        with self.lock:
            self.open[peer] -= 1
            if self.open[peer] <= 0:
                del self.open[peer]


def _loopback(peer: str) -> bool:
    try:
        return ipaddress.ip_address(peer.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _refuse(sock) -> None:
    try:
        sock.setblocking(False)
        sock.send(BUSY)
    except OSError:
        pass
    finally:
        sock.close()


def make_server(app, host: str, port: int, threads: int):
    """A waitress server for ``app`` (not yet running), with the limits from its config."""
    conf = app.config
    server = create_server(
        app, host=host, port=port, threads=threads, ident="cdt-server",
        connection_limit=conf["CONNECTION_LIMIT"],
        channel_timeout=conf["CHANNEL_TIMEOUT"],
        cleanup_interval=CLEANUP_INTERVAL,
        # waitress refuses a larger declared body at once (413), instead of reading and
        # spooling up to 1 GiB to disk before the app's own limit could answer.
        max_request_body_size=conf["MAX_CONTENT_LENGTH"],
        max_request_header_size=conf["MAX_HEADER_BYTES"],
        asyncore_use_poll=True,  # select() stops at descriptor 1024
        backlog=BACKLOG,
        expose_tracebacks=False,
        log_socket_errors=False,
    )
    factory = PerClientLimit(conf["CLIENT_CONNECTION_LIMIT"])
    for listener in _listeners(server):
        listener.channel_class = factory
    return server


def _listeners(server):
    """The listening dispatchers: the server itself, or each one of a MultiSocketServer."""
    if hasattr(server, "channel_class"):
        return [server]
    return [d for d in server.map.values() if hasattr(d, "channel_class") and hasattr(d, "accepting")]
