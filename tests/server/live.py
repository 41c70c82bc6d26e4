"""A real `cdt-server` process on a free loopback port, its log in a file (for the tests that
need real sockets: held connections, waitress's own errors, memory, the log as written)."""
from __future__ import annotations

import http.client
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Optional

START_TIMEOUT = 60


def command() -> list[str]:
    exe = shutil.which("cdt-server")
    return [exe] if exe else [sys.executable, "-m", "cdt_server.cli"]


class LiveServer:
    def __init__(self, *args: str, env: Optional[dict] = None, pythonpath: Optional[str] = None):
        self.log_file = tempfile.NamedTemporaryFile(prefix="cdt-server-", suffix=".log", delete=False)
        full_env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
        if pythonpath:
            full_env["PYTHONPATH"] = pythonpath
        self.proc = subprocess.Popen([*command(), "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=self.log_file, text=True, env=full_env)
        self.first_line = self._read_line()
        address = self.first_line.split("http://", 1)[1].split()[0]
        host, port = address.rsplit(":", 1)
        self.host, self.port = host, int(port)

    def _read_line(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                if line:
                    return line
            if self.proc.poll() is not None:
                break
        self.stop()
        raise AssertionError(f"cdt-server did not start (exit {self.proc.poll()}): {self.log()}")

    def request(self, method: str, path: str, body=None, headers=None, timeout: float = 10):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def raw(self, data: bytes, timeout: float = 5) -> bytes:
        """Send bytes as they are; everything the server answers before it closes."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as sock:
            try:
                sock.sendall(data)
            except OSError:
                pass
            out = b""
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    out += chunk
            except (socket.timeout, ConnectionResetError):
                pass
            return out

    def rss_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc.stdout.close()
        return self.proc.returncode

    def log(self) -> str:
        with open(self.log_file.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def close(self) -> None:
        self.stop()
        self.log_file.close()
        os.unlink(self.log_file.name)
