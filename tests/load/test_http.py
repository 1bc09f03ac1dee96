"""The HTTP side of `lmskg load` against a scripted server on 127.0.0.1: retries with
backoff on 429/5xx, Retry-After, credentials from the environment only, and errors that
never show them."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmskg import api
from lmskg.cli import main
from lmskg.load import LoadError, graphs_of

SECRET = "s3cr3t-pa55word"


class Script:
    """Answers PUTs with the statuses queued in ``answers`` (then 204), recording requests."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str]]] = []
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def server():
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            self.rfile.read(length)
            script.requests.append({"path": self.path, **dict(self.headers)})
            status, headers = script.answers.pop(0) if script.answers else (204, {})
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store", script
    httpd.shutdown()
    httpd.server_close()


def test_retries_on_429_and_5xx_with_retry_after(server, built_examples: Path) -> None:
    endpoint, script = server
    script.answers = [(503, {}), (429, {"Retry-After": "0"}), (502, {})]
    report = api.load(built_examples, endpoint, backoff=0.01)
    assert report.retries == 3 and report.graphs == len(graphs_of(built_examples))
    assert len(script.requests) == report.graphs + 3
    first = script.requests[0]["path"]
    assert first.startswith("/store?graph=https%3A%2F%2Fw3id.org%2Flmskg%2Fid%2F")
    assert script.requests[0]["Content-Type"].startswith("application/n-triples")


def test_gives_up_after_the_retries(server, built_examples: Path) -> None:
    endpoint, script = server
    script.answers = [(503, {})] * 3
    with pytest.raises(LoadError, match="answered HTTP 503.*gave up after 3 attempt"):
        api.load(built_examples, endpoint, retries=2, backoff=0.01)


def test_credentials_come_from_the_environment_and_never_show(server, built_examples: Path,
                                                              monkeypatch) -> None:
    endpoint, script = server
    monkeypatch.setenv("LMSKG_ENDPOINT_USER", "curator")
    monkeypatch.setenv("LMSKG_ENDPOINT_PASSWORD", SECRET)
    script.answers = [(401, {})]
    result = CliRunner().invoke(main, ["load", str(built_examples), "--endpoint", endpoint])
    assert result.exit_code == 2 and "HTTP 401" in result.output
    sent = script.requests[0]["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == f"curator:{SECRET}"
    assert SECRET not in result.output and "curator" not in result.output
    monkeypatch.setenv("LMSKG_ENDPOINT_TOKEN", "tok-123")
    CliRunner().invoke(main, ["load", str(built_examples), "--endpoint", endpoint])
    assert script.requests[-1]["Authorization"] == "Bearer tok-123"


def test_credentials_in_the_url_are_refused(built_examples: Path) -> None:
    result = CliRunner().invoke(main, ["load", str(built_examples), "--endpoint",
                                       f"http://curator:{SECRET}@127.0.0.1:9/store"])
    assert result.exit_code == 2 and "holds credentials" in result.output
    assert SECRET not in result.output


def test_unreachable_server_is_a_clear_error(built_examples: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(main, ["load", str(built_examples), "--endpoint",
                                       f"http://127.0.0.1:{port}/store", "--retries", "0"])
    assert result.exit_code == 2
    assert result.output.count("\n") <= 2 and "cannot reach" in result.output
    bad = CliRunner().invoke(main, ["load", str(built_examples), "--endpoint", "ftp://x/y"])
    assert bad.exit_code == 2 and "not an http(s) endpoint" in bad.output
    missing = CliRunner().invoke(main, ["load", "/no/such/graph.ttl", "--endpoint", "http://127.0.0.1:9/"])
    assert missing.exit_code == 2 and "no such graph file" in missing.output


def test_tls_is_verified(built_examples: Path, tmp_path: Path) -> None:
    """An https endpoint with a certificate no authority signed is refused, not trusted."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", str(key), "-out", str(cert)], check=False, capture_output=True)
    if made.returncode != 0:
        pytest.skip("openssl is not available")

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        endpoint = f"https://127.0.0.1:{httpd.server_address[1]}/store"
        with pytest.raises(LoadError, match="TLS certificate not trusted"):
            api.load(built_examples, endpoint)  # no retries for an untrusted certificate
        report = api.load(built_examples, endpoint, ca_bundle=cert, retries=0)
        assert report.graphs == len(graphs_of(built_examples))
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_credentials_never_appear_in_process_arguments_or_debug_output(server, built_examples: Path) -> None:
    """`lmskg load` runs as its own process with the password in its environment: neither
    its command line (what `ps` shows to every user) nor its output, even with --debug,
    holds the secret."""
    endpoint, script = server
    script.answers = [(503, {"Retry-After": "1"})] * 2 + [(401, {})]
    env = {**os.environ, "LMSKG_ENDPOINT_USER": "curator", "LMSKG_ENDPOINT_PASSWORD": SECRET}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lmskg", "--debug", "load",
         str(built_examples), "--endpoint", endpoint, "--retries", "3"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen_running = False
    while proc.poll() is None:
        try:
            cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        except OSError:
            break
        seen_running = True
        assert SECRET.encode() not in cmdline and b"curator" not in cmdline
        time.sleep(0.1)
    out, err = proc.communicate()
    # --debug re-raises with a traceback (exit 1) instead of the one-line error (exit 2)
    assert seen_running and proc.returncode == 1 and "HTTP 401" in out + err
    assert "Traceback" in err and SECRET not in out + err
    assert base64.b64decode(script.requests[-1]["Authorization"].split()[1]).decode() == f"curator:{SECRET}"
