"""deepseek-cli against a real node: two processes over loopback."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import CLI, Node, free_port, run  # noqa: E402


class Ping(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = Node().wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def test_ping_round_trips_through_the_gateway(self):
        code, out, err = run([CLI, "ping", "--host", "127.0.0.1", "--port", str(self.node.sdk_port),
                              "--count", "3", "--payload", "hello"])
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("pong from node 'e2e'"), 3, out)
        self.assertIn("3 pings: min", out)

    def test_the_port_may_come_from_the_environment(self):
        code, out, err = run([CLI, "ping"], env={**os.environ, "DEEPSEEK_SDK_PORT": str(self.node.sdk_port)})
        self.assertEqual(code, 0, err)

    def test_a_closed_port_fails_clearly(self):
        port = free_port()
        code, out, err = run([CLI, "ping", "--port", str(port)])
        self.assertNotEqual(code, 0)
        self.assertIn(f"cannot reach a DeepSeek node at 127.0.0.1:{port}", err)

    def test_no_subcommand_is_a_usage_error(self):
        code, out, err = run([CLI])
        self.assertEqual(code, 2)
        self.assertIn("Usage:", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
