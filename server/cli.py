"""``cdt-server``: the lookup server on waitress, bound to this machine unless told otherwise."""
from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import signal
import sys
from typing import Optional, Sequence

import cdt_data

INSTALL_HINT = 'cdt-server needs the server extra: pip install "cdt-data[server]"'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdt-server",
        description="Serve CDT code guidance over HTTP for the browser extension and for scripts. "
                    "Settings also come from CDT_SERVER_* environment variables (HOST, PORT, THREADS, "
                    "ALLOW_REMOTE, ALLOWED_HOSTS, CORS_ORIGINS, MAX_CONTENT_LENGTH, CONNECTION_LIMIT, "
                    "CLIENT_CONNECTION_LIMIT, CHANNEL_TIMEOUT, MAX_HEADER_BYTES); see docs/server.md.")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8765)")
    parser.add_argument("--allow-remote", action="store_true", default=None,
                        help="allow listening on an address other machines can reach")
    parser.add_argument("--threads", type=int, help="worker threads (default 8)")
    parser.add_argument("--allowed-host", action="append", metavar="NAME",
                        help="a Host name to answer besides loopback (repeatable; with --allow-remote)")
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

    if args.port is not None and not 0 <= args.port <= 65535:
        return _fail(f"the port is a number from 0 to 65535, not {args.port!r}.")
    if args.threads is not None and not 1 <= args.threads <= 256:
        return _fail(f"--threads is a number from 1 to 256, not {args.threads!r}.")
    given = {"HOST": args.host, "PORT": args.port, "THREADS": args.threads,
             "ALLOW_REMOTE": args.allow_remote, "ALLOWED_HOSTS": args.allowed_host}
    try:
        # Every setting is checked here: a bad CDT_SERVER_* value stops the start (exit 2).
        app = create_app({"WARM_UP": False, **{k: v for k, v in given.items() if v is not None}})
    except cdt_data.CdtDataError as exc:
        return _fail(str(exc))
    conf = app.config
    host, port, threads, allow_remote = conf["HOST"], conf["PORT"], conf["THREADS"], conf["ALLOW_REMOTE"]
    if not is_loopback(host) and not allow_remote:
        return _fail(f"refusing to listen on {host}: other machines could reach it. "
                     "Use --allow-remote if that is what you want (see docs/server.md).")

    from .log_setup import configure_logging
    handler = configure_logging()

    def stop(signum, frame):
        raise KeyboardInterrupt

    # SIGINT too, explicitly: a shell starts a background job (`cdt-server &` in a script) with
    # SIGINT ignored, and Python then installs no Ctrl-C handler of its own.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return _serve(app, host, port, threads)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM before the server loop took over
        print("cdt-server: stopped.", flush=True)
        return 0
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _serve(app, host: str, port: int, threads: int) -> int:
    from .serving import make_server

    data = app.extensions["cdt"]
    try:
        data.warm()  # a damaged data or rule file stops the start here, naming the file
    except cdt_data.CdtDataError as exc:
        return _fail(" ".join(str(exc).split()))
    total, active = data.record_count()
    try:
        server = make_server(app, host, port, threads)
    except OSError as exc:
        hint = ""
        if exc.errno == errno.EADDRINUSE:
            hint = (f" Another program (or another cdt-server) uses port {port}: stop it, or start this one "
                    f"with --port {port + 1} and set the extension's server address to match.")
        return _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}).{hint}")
    shown = f"[{server.effective_host}]" if ":" in str(server.effective_host) else server.effective_host
    print(f"Dental Code Guide server {data.version}: CDT {data.edition} guidance, {total} records ({active} active), "
          f"on http://{shown}:{server.effective_port}  (Ctrl-C to stop)", flush=True)
    try:
        server.run()  # on KeyboardInterrupt waitress stops its worker threads and returns
    finally:
        server.close()
    print("cdt-server: stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
