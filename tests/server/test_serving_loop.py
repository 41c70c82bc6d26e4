"""waitress's I/O loop as the server sets it up (server/serving.py): when it asks poll() to
wake it for a writable socket. Asking while a worker still runs the request made the loop spin
over every channel and starve the workers (64 clients got a fifth of the 16-client throughput);
not asking when only the loop can make room would hang a large answer to a slow reader."""
import socket
import threading
import time

import pytest

from cdt_server import create_app
from cdt_server.serving import JsonErrorChannel, make_server


def _waitress_for(wsgi_app):
    """make_server's waitress (the server's channel, limits and settings) around ``wsgi_app``."""
    flask_app = create_app({"TESTING": True, "WARM_UP": False})
    flask_app.wsgi_app = wsgi_app
    return make_server(flask_app, "127.0.0.1", 0, 2)


@pytest.fixture
def server():
    """A real waitress server for a tiny app (not running unless a test runs it)."""
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [b"ok"]

    srv = _waitress_for(app)
    yield srv
    srv.close()
    srv.task_dispatcher.shutdown(cancel_pending=True, timeout=5)


@pytest.fixture
def channel(server):
    ours, theirs = socket.socketpair()
    chan = JsonErrorChannel(server, ours, ("127.0.0.1", 50000), server.adj, map={})
    yield chan
    chan.handle_close()  # also closes the output buffers (a spooled one is a temporary file)
    theirs.close()


def _buffer(chan, size: int) -> None:
    chan.outbufs[-1].append(b"x" * size)
    chan.total_outbufs_len += size


def test_an_idle_channel_is_not_polled_for_writing(channel):
    assert not channel.writable()


def test_output_of_a_running_request_is_left_to_its_worker(channel):
    channel.requests = [object()]
    _buffer(channel, 6_000)
    assert not channel.writable()


def test_output_left_when_the_request_ended_is_sent_by_the_loop(channel):
    _buffer(channel, 6_000)
    assert channel.writable()


def test_a_worker_waiting_above_the_high_watermark_gets_the_loop(channel):
    channel.requests = [object()]
    _buffer(channel, channel.adj.outbuf_high_watermark)
    assert not channel.writable()  # at the mark the worker still writes on
    _buffer(channel, 1)
    assert channel.writable()


@pytest.mark.parametrize("flag", ["will_close", "close_when_flushed"])
def test_a_closing_channel_is_polled(channel, flag):
    channel.requests = [object()]
    setattr(channel, flag, True)
    assert channel.writable()


def test_a_large_answer_reaches_a_slow_reader_whole():
    """Over the high watermark the worker waits for the loop to send; the loop must then poll the
    socket for writing although the request is still running, or the answer hangs."""
    chunk = b"y" * 65_536
    chunks = 128  # 8 MiB through a 256 KiB high watermark: more than the socket buffers hold

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(len(chunk) * chunks))])
        return iter([chunk] * chunks)

    srv = _waitress_for(app)
    srv.adj.outbuf_high_watermark = 262_144
    runner = threading.Thread(target=srv.run, daemon=True)
    runner.start()
    try:
        with socket.create_connection(("127.0.0.1", srv.effective_port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            time.sleep(0.5)  # a reader that comes late: the buffers fill, the worker must wait
            received = bytearray()
            while b"\r\n\r\n" not in received:
                received += sock.recv(4096)
            head, _, body = bytes(received).partition(b"\r\n\r\n")
            got = len(body)
            while got < len(chunk) * chunks:
                data = sock.recv(65_536)
                assert data, f"connection closed after {got} bytes"
                got += len(data)
        assert head.startswith(b"HTTP/1.1 200") and got == len(chunk) * chunks
    finally:
        srv.close()
        srv.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
