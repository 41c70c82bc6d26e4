"""Logging for the running server: cdt_server's access lines and errors, to stderr."""
from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(name)s %(message)s"


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
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("cdt_server").setLevel(logging.INFO)
    # waitress's own warnings stay on, "Task queue depth is N" included: silencing that one cut
    # requests/s about threefold when measured with wrk on two cores (most likely GIL scheduling
    # between waitress's I/O thread and its workers). Do not quieten it without measuring.
    return handler
