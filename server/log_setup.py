"""Logging for the running server: cdt_server's access lines and errors, to stderr."""
from __future__ import annotations

import io
import logging
import os
import sys
import threading

FORMAT = "%(asctime)s %(name)s %(message)s"
FLUSH_EVERY = 0.5  # seconds an access line may wait in memory before it reaches stderr


class BatchedStreamHandler(logging.StreamHandler):
    """A stream handler that does not push every line to the OS on its own.

    One write system call per request cost about a sixth of the code-lookup throughput under
    load (measured with wrk on two cores). Lines are written to a buffer and flushed every
    FLUSH_EVERY seconds, at once for errors, and on close, so nothing is lost at shutdown.
    """

    def __init__(self, stream, interval: float = FLUSH_EVERY):
        super().__init__(stream)
        self._stopped = threading.Event()
        self._interval = interval
        self._ticker = threading.Thread(target=self._tick, name="cdt-log-flush", daemon=True)
        self._ticker.start()

    def flush(self) -> None:  # called by emit() after every record: deliberately deferred
        pass

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        if record.levelno >= logging.ERROR:
            self.push()

    def push(self) -> None:
        self.acquire()
        try:
            if self.stream and not self.stream.closed:
                self.stream.flush()
        finally:
            self.release()

    def _tick(self) -> None:
        while not self._stopped.wait(self._interval):
            self.push()

    def close(self) -> None:
        self._stopped.set()
        self.push()
        super().close()


def _buffered_stderr():
    """A buffered text stream on a copy of stderr's descriptor (sys.stderr flushes every line)."""
    return io.TextIOWrapper(io.BufferedWriter(io.FileIO(os.dup(sys.stderr.fileno()), "w"), 1 << 16),
                            encoding="utf-8", errors="replace", line_buffering=False)


def configure_logging(stream=None) -> logging.Handler:
    """One stderr handler on the root logger: cdt_server at INFO, everything else at WARNING.

    The access line is written on every request, so the record fields nobody reads here
    (caller's file and line, thread, process) are not collected: the logging HOWTO's
    "Optimization" switches.
    """
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = BatchedStreamHandler(stream if stream is not None else _buffered_stderr())
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("cdt_server").setLevel(logging.INFO)
    # waitress warns "Task queue depth is N" each time a request waits for a worker: 286,222
    # lines (47 MB) in one load run. The warning is still emitted (the logging call stays where
    # waitress makes it), but at most one line a minute reaches the log, with the count.
    logging.getLogger("waitress.queue").addFilter(QueueDepthSummary())
    for name in ("waitress", "waitress.queue"):
        logging.getLogger(name).addFilter(WaitressRedaction())
    return handler


class WaitressRedaction(logging.Filter):
    """waitress names the raw request path in "Exception while serving /..." and "Client
    disconnected while serving /...", and attaches a traceback whose message may quote the
    request. The app's last-resort layer catches its own failures first, so these should not
    occur; if one does, the line keeps the exception's type and nothing from the request."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.msg if isinstance(record.msg, str) else ""
        if "while serving" in text or record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else "no exception"
            record.msg = "waitress: %s while serving a request (path and details not logged)"
            record.args = (kind,)
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class QueueDepthSummary(logging.Filter):
    """Lets one "Task queue depth" warning through per ``every`` seconds, saying how many were
    held back and the deepest queue seen since the last line."""

    def __init__(self, every: float = 60.0, clock=None):
        super().__init__()
        import time
        self.every = every
        self.clock = clock or time.monotonic
        self.next_at = 0.0
        self.held = 0
        self.deepest = 0
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        now = self.clock()
        with self.lock:
            self.deepest = max(self.deepest, depth if isinstance(depth, int) else 0)
            if now < self.next_at:
                self.held += 1
                return False
            if self.held:
                record.msg = "Task queue depth is %d (deepest %d; %d more such warnings in the last %ds)"
                record.args = (depth, self.deepest, self.held, int(self.every))
            self.next_at = now + self.every
            self.held = 0
            self.deepest = 0
        return True
