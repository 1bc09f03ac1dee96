"""A real Oxigraph server (the `oxigraph` package from PyPI) on 127.0.0.1, per module."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _binary() -> str:
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base: str) -> None:
        self.base = base
        self.store = f"{base}/store"

    def query(self, text: str) -> bytes:
        request = urllib.request.Request(
            f"{self.base}/query", data=text.encode(), method="POST",
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory):
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph did not start: {process.stdout.read().decode()[:500]}")
            time.sleep(0.1)
    yield Server(base)
    process.terminate()
    process.wait(10)
