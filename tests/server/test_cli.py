"""`cdt-server` as a real process on a real socket, and its refusals."""
import http.client
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from cdt_server.cli import is_loopback, main

from .conftest import CHROME_ORIGIN

START_TIMEOUT = 60


def _command():
    exe = shutil.which("cdt-server")
    return [exe] if exe else [sys.executable, "-m", "cdt_server.cli"]


def _read_line(proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            return proc.stdout.readline()
        if proc.poll() is not None:
            break
    raise AssertionError(f"cdt-server said nothing (exit {proc.poll()}): {proc.stderr.read() if proc.poll() is not None else ''}")


def _start(preexec=None):
    """`cdt-server` on a free port, and the line it introduces itself with."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([*_command(), "--port", "0", "--threads", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=preexec)
    return proc, _read_line(proc, START_TIMEOUT)


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)
    proc.stdout.close()
    proc.stderr.close()


@pytest.fixture
def server():
    proc, line = _start()
    try:
        yield proc, line
    finally:
        _stop(proc)


def test_real_process_serves_over_a_socket_and_stops_on_sigterm(server):
    proc, line = server
    assert line.startswith("Dental Code Guide server ") and "CDT 2026" in line and "records" in line
    address = line.split("http://", 1)[1].split()[0]
    host, port = address.rsplit(":", 1)
    assert host == "127.0.0.1"

    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/api/v1/codes/D0371", headers={"Origin": CHROME_ORIGIN})
    resp = conn.getresponse()
    body = json.loads(resp.read())
    assert resp.status == 200 and body["code"] == "D0371"
    assert resp.getheader("Access-Control-Allow-Origin") == CHROME_ORIGIN
    conn.request("POST", "/api/v1/codes/lookup", body=json.dumps({"codes": ["D0371", "D0379"]}),
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["unknown"][0]["code"] == "D0379"
    conn.request("GET", "/nowhere")
    resp = conn.getresponse()
    assert resp.status == 404 and json.loads(resp.read())["error"] == "not_found"
    conn.close()

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 0
    out = proc.stdout.read()
    err = proc.stderr.read()
    assert "stopped" in out
    assert "Traceback" not in err and "Traceback" not in out
    assert "GET /api/v1/codes/D0371 200" in err and "POST /api/v1/codes/lookup 200" in err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_non_loopback_host_is_refused_without_allow_remote(host, capsys):
    assert main(["--host", host]) == 2
    err = capsys.readouterr().err
    assert "--allow-remote" in err and host in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["--port", "70000"], "port"),
    (["--threads", "0"], "threads"),
])
def test_bad_numbers_are_refused(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_bad_env_setting_is_a_plain_message(monkeypatch, capsys):
    monkeypatch.setenv("CDT_SERVER_CORS_ORIGINS", '"*"')
    assert main([]) == 2
    assert "CORS_ORIGINS" in capsys.readouterr().err


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True),
                                            ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                            ("10.0.0.5", False), ("myhost", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_missing_flask_is_a_plain_install_hint():
    code = "import sys; sys.modules['flask'] = None; from cdt_server.cli import main; sys.exit(main([]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert 'pip install "cdt-data[server]"' in proc.stderr and "Traceback" not in proc.stderr


def test_ctrl_c_stops_cleanly(server):
    proc, line = server
    assert "(Ctrl-C to stop)" in line
    proc.send_signal(signal.SIGINT)
    assert proc.wait(15) == 0
    assert "stopped" in proc.stdout.read()
    assert "Traceback" not in proc.stderr.read()


def test_settings_come_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("CDT_SERVER_HOST", "0.0.0.0")
    assert main([]) == 2
    assert "refusing to listen on 0.0.0.0" in capsys.readouterr().err


def test_stops_cleanly_on_sigint_also_when_started_in_the_background():
    # A shell starts a background job with SIGINT ignored; the server must still stop on it.
    proc, line = _start(preexec=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert line.startswith("Dental Code Guide server ")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 0
        assert "stopped" in proc.stdout.read() and "Traceback" not in proc.stderr.read()
    finally:
        _stop(proc)


def test_address_in_use_suggests_another_port(server):
    proc, line = server
    port = line.split("http://", 1)[1].split()[0].rsplit(":", 1)[1]
    second = subprocess.run([*_command(), "--port", port], capture_output=True, text=True, timeout=60)
    assert second.returncode == 2
    assert f"--port {int(port) + 1}" in second.stderr and "server address" in second.stderr
    assert "Traceback" not in second.stderr
