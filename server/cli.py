"""``cdt-server``: the lookup server on waitress, bound to this machine unless told otherwise."""
from __future__ import annotations

import argparse
import ipaddress
import logging
import signal
import sys
from typing import Optional, Sequence

INSTALL_HINT = 'cdt-server needs the server extra: pip install "cdt-data[server]"'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdt-server",
        description="Serve CDT code guidance over HTTP for the browser extension and for scripts. "
                    "Settings also come from CDT_SERVER_* environment variables (HOST, PORT, THREADS, "
                    "ALLOW_REMOTE, CORS_ORIGINS, MAX_CONTENT_LENGTH).")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8765)")
    parser.add_argument("--allow-remote", action="store_true", default=None,
                        help="allow listening on an address other machines can reach")
    parser.add_argument("--threads", type=int, help="worker threads (default 8)")
    return parser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _fail(message: str) -> int:
    print(f"cdt-server: {message}", file=sys.stderr)
    return 2


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        import waitress  # noqa: F401
        from .app import create_app
    except ImportError:
        return _fail(INSTALL_HINT)

    try:
        app = create_app({"WARM_UP": False})
    except ValueError as exc:  # a bad CDT_SERVER_* setting
        return _fail(str(exc))
    conf = app.config
    host = args.host if args.host is not None else conf["HOST"]
    port = args.port if args.port is not None else conf["PORT"]
    threads = args.threads if args.threads is not None else conf["THREADS"]
    allow_remote = args.allow_remote if args.allow_remote is not None else bool(conf["ALLOW_REMOTE"])
    if not isinstance(port, int) or not 0 <= port <= 65535:
        return _fail(f"the port is a number from 0 to 65535, not {port!r}.")
    if not isinstance(threads, int) or not 1 <= threads <= 256:
        return _fail(f"--threads is a number from 1 to 256, not {threads!r}.")
    if not is_loopback(host) and not allow_remote:
        return _fail(f"refusing to listen on {host}: other machines could reach it. "
                     "Use --allow-remote if that is what you want (see docs/server.md).")

    from .log_setup import configure_logging
    handler = configure_logging()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        return _serve(app, host, port, threads)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM before the server loop took over
        print("cdt-server: stopped.", flush=True)
        return 0
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _serve(app, host: str, port: int, threads: int) -> int:
    from waitress.server import create_server

    data = app.extensions["cdt"]
    data.warm()
    total, active = data.record_count()
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="cdt-server")
    except OSError as exc:
        return _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}).")
    shown = f"[{server.effective_host}]" if ":" in str(server.effective_host) else server.effective_host
    print(f"cdt-server {data.version}: CDT {data.edition} guidance, {total} records ({active} active), "
          f"on http://{shown}:{server.effective_port}  (Ctrl-C to stop)", flush=True)
    try:
        server.run()  # on KeyboardInterrupt waitress stops its worker threads and returns
    finally:
        server.close()
    print("cdt-server: stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
