"""deepseek-server end to end: probes, errors, keep-alive, metrics, drain."""

import json
import signal
import socket
import subprocess
import sys
import time
import unittest
import http.client

sys.path.insert(0, __import__("os").path.dirname(__file__))
from support.node import Node, PROMTOOL  # noqa: E402


class Probes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = Node("http:\n  max_body_size: 64KB\n").wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def test_livez_and_readyz_answer_200(self):
        self.assertEqual(self.node.get_json("/livez"), (200, {"status": "alive"}))
        self.assertEqual(self.node.get_json("/readyz"), (200, {"ready": True, "status": "serving"}))

    def test_version_describes_the_build(self):
        status, body = self.node.get_json("/api/v1/version")
        self.assertEqual(status, 200)
        self.assertEqual(body["name"], "deepseek")
        self.assertEqual(body["node"], "e2e")
        self.assertEqual(body["role"], "all")
        self.assertRegex(body["version"], r"^\d+\.\d+\.\d+$")
        self.assertIn("commit", body)

    def test_unknown_route_is_404_json(self):
        status, headers, body = self.node.get("/api/v1/nope")
        self.assertEqual(status, 404)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(json.loads(body)["error"]["code"], "not_found")

    def test_wrong_method_is_405_json_with_allow(self):
        status, headers, body = self.node.request("DELETE", "/readyz")
        self.assertEqual(status, 405)
        self.assertEqual(headers["Allow"], "GET")
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], "method_not_allowed")
        self.assertIn("DELETE", error["message"])

    def test_oversized_body_is_413_json(self):
        status, headers, body = self.node.request("POST", "/api/v1/version", body=b"x" * 100_000)
        self.assertEqual(status, 413)
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], "payload_too_large")
        self.assertIn("100000 bytes", error["message"])
        self.assertIn("http.max_body_size", error["message"])

    def test_expect_continue_gets_413_before_the_body_is_sent(self):
        with socket.create_connection(("127.0.0.1", self.node.http_port), timeout=5) as s:
            s.sendall(b"POST /api/v1/version HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                      b"Expect: 100-continue\r\n\r\n")
            reply = s.recv(4096).decode()
        self.assertTrue(reply.startswith("HTTP/1.1 413"), reply)

    def test_oversized_headers_are_431(self):
        status, _, body = self.node.request("GET", "/livez", headers={"X-Big": "y" * 20_000})
        self.assertEqual(status, 431)
        self.assertEqual(json.loads(body)["error"]["code"], "header_too_large")

    def test_garbage_is_400_json(self):
        with socket.create_connection(("127.0.0.1", self.node.http_port), timeout=5) as s:
            s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            reply = s.recv(4096).decode()
        self.assertTrue(reply.startswith("HTTP/1.1 400"), reply)
        self.assertIn('"malformed_request"', reply)
        self.assertEqual(self.node.get("/livez")[0], 200)  # still serving

    def test_keep_alive_reuses_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.node.http_port, timeout=5)
        conn.connect()
        first_socket = conn.sock
        for path in ["/livez", "/readyz", "/api/v1/version", "/nope"]:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            self.assertFalse(response.will_close, path)
        self.assertIs(conn.sock, first_socket)
        conn.close()

    def test_metrics_pass_promtool(self):
        self.node.get("/livez")
        self.node.get("/nope")
        status, _, body = self.node.get("/metrics", port=self.node.metrics_port)
        self.assertEqual(status, 200)
        check = subprocess.run([PROMTOOL, "check", "metrics"], input=body, capture_output=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual(check.stdout + check.stderr, b"")
        text = body.decode()
        self.assertIn('deepseek_build_info{', text)
        self.assertIn('deepseek_actor_restarts_total{actor="gateway"} 0', text)
        self.assertRegex(text, r'deepseek_http_requests_total\{method="GET",route="/livez",status="200"\} \d+')
        self.assertIn('route="unmatched",status="404"', text)
        self.assertIn("deepseek_http_request_duration_seconds_bucket{", text)
        self.assertRegex(text, r"process_resident_memory_bytes \d")
        self.assertRegex(text, r"process_cpu_seconds_total \d")


class Shutdown(unittest.TestCase):
    def test_sigterm_exits_0_within_5_seconds(self):
        with Node() as node:
            node.wait_ready()
            start = time.monotonic()
            node.signal(signal.SIGTERM)
            self.assertEqual(node.wait_exit(5), 0, node.output())
            self.assertLess(time.monotonic() - start, 5)
            self.assertIn("stopped", node.output())

    def test_sigint_drains_too(self):
        with Node() as node:
            node.wait_ready()
            node.signal(signal.SIGINT)
            self.assertEqual(node.wait_exit(5), 0, node.output())

    def test_drain_readyz_503_and_in_flight_request_finishes(self):
        with Node("shutdown:\n  drain_delay: 1s\n  timeout: 4s\n") as node:
            node.wait_ready()
            start = time.monotonic()
            # A request in flight: its headers are half sent when the signal comes.
            client = socket.create_connection(("127.0.0.1", node.http_port), timeout=10)
            client.sendall(b"GET /api/v1/version HTTP/1.1\r\nHost: x\r\n")
            time.sleep(0.2)
            node.signal(signal.SIGTERM)
            time.sleep(0.3)
            status, body = node.get_json("/readyz")
            self.assertEqual(status, 503)
            self.assertEqual(body, {"ready": False, "status": "draining"})
            time.sleep(1.5)  # past the drain delay: the listener is closed now
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", node.http_port), timeout=1).close()
            client.sendall(b"\r\n")  # the in-flight request completes
            reply = client.recv(65536).decode()
            client.close()
            self.assertTrue(reply.startswith("HTTP/1.1 200"), reply)
            self.assertIn("Connection: close", reply)
            self.assertIn('"name":"deepseek"', reply)
            self.assertEqual(node.wait_exit(5), 0, node.output())
            self.assertLess(time.monotonic() - start, 8)

    def test_a_second_signal_exits_at_once(self):
        with Node("shutdown:\n  drain_delay: 10s\n") as node:
            node.wait_ready()
            node.signal(signal.SIGTERM)
            time.sleep(0.3)
            node.signal(signal.SIGTERM)
            self.assertEqual(node.wait_exit(2), 1)
            self.assertIn("exiting at once", node.output())


if __name__ == "__main__":
    unittest.main(verbosity=2)
