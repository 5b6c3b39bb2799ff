"""Start real deepseek-server processes for end-to-end tests.

Each Node gets free ports on 127.0.0.1 and its own temporary data directory,
writes a YAML config for them, and stops (and cleans up) when the test ends.
Binaries come from the environment meson sets: DS_SERVER, DS_CLI, PROMTOOL.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

SERVER = os.environ.get("DS_SERVER", "build/tools/deepseek-server")
CLI = os.environ.get("DS_CLI", "build/tools/deepseek-cli")
PROMTOOL = os.environ.get("PROMTOOL", "promtool")


# What the server logs when another process took one of its ports.
PORT_TAKEN = ("Address already in use", "cannot_open_port", "Possible problem binding to port")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """A deepseek-server process on free loopback ports."""

    def __init__(self, extra_yaml="", args=(), demo=False, data_dir=None, shards=2):
        """`demo`: import the WordNet demo graph at start (slow under sanitizers).
        `data_dir`: a directory the caller owns and keeps (restart tests)."""
        self.dir = tempfile.mkdtemp(prefix="ds-e2e-")
        self.data_dir = data_dir or os.path.join(self.dir, "data")
        self.config = os.path.join(self.dir, "node.yaml")
        self.settings = (
            f"name: e2e\nbind: 127.0.0.1\ndata_dir: {self.data_dir}\nshards: {shards}\n"
            f"demo:\n  import: {'true' if demo else 'false'}\n"
        )
        self.extra_yaml = extra_yaml
        self.args = args
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.start()

    def start(self):
        """Starts the server on fresh free ports (another test's server may
        take a port between free_port() and the bind: wait_ready retries)."""
        self.http_port, self.metrics_port, self.sdk_port = free_port(), free_port(), free_port()
        with open(self.config, "w") as f:
            f.write(
                self.settings + f"http:\n  port: {self.http_port}\n"
                f"metrics:\n  port: {self.metrics_port}\n"
                f"sdk:\n  port: {self.sdk_port}\n" + self.extra_yaml
            )
        self.proc = subprocess.Popen(
            [SERVER, "--config", self.config, *self.args], stdout=self.log, stderr=subprocess.STDOUT
        )

    def cli(self, *args, timeout=60):
        """Runs deepseek-cli against this node; returns (exit code, stdout, stderr)."""
        return run([CLI, *args, "--port", str(self.sdk_port)], timeout=timeout)

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        restarts = 3
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if restarts and any(m in self.output() for m in PORT_TAKEN):
                    restarts -= 1
                    self.log.write("-- a port was taken: restarting on other ports\n")
                    self.log.flush()
                    self.start()
                    continue
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                status, _, _ = self.get("/readyz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"server not ready after {timeout}s:\n{self.output()}")

    def request(self, method, path, body=None, headers=None, port=None):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.http_port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path, port=None):
        return self.request("GET", path, port=port)

    def get_json(self, path):
        status, headers, body = self.get(path)
        return status, json.loads(body)

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def wait_exit(self, timeout):
        """Exit code, or AssertionError if the process is still running after `timeout` s."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"server still running after {timeout}s:\n{self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run(args, timeout=30, env=None):
    """Runs a binary; returns (exit code, stdout, stderr)."""
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    return proc.returncode, proc.stdout, proc.stderr
