"""deepseek-server configuration errors, through the real binary."""

import os
import socket
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import SERVER, Node, free_port, run  # noqa: E402


def write(dir, name, text):
    path = os.path.join(dir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class ConfigErrors(unittest.TestCase):
    def setUp(self):
        temp = tempfile.TemporaryDirectory(prefix="ds-config-")
        self.addCleanup(temp.cleanup)
        self.dir = temp.name

    def assert_one_line_exit_78(self, args, *expected):
        code, out, err = run([SERVER, *args])
        self.assertEqual(code, 78, err)
        self.assertEqual(err.count("\n"), 1, err)
        for text in expected:
            self.assertIn(text, err)

    def test_unknown_key(self):
        path = write(self.dir, "a.yaml", "name: x\nhttp:\n  prot: 8080\n")
        self.assert_one_line_exit_78(["--config", path], f"{path}:3: http.prot: unknown key",
                                     'did you mean "http.port"')

    def test_wrong_type(self):
        path = write(self.dir, "a.yaml", "metrics:\n  port: lots\n")
        self.assert_one_line_exit_78(["--config", path], f"{path}:2: metrics.port: expected an integer")

    def test_out_of_range(self):
        path = write(self.dir, "a.yaml", "http:\n  port: 99999\n")
        self.assert_one_line_exit_78(["--config", path], f"{path}:2: http.port: expected a value in 1..65535")

    def test_bad_ini_value_names_the_ini_line(self):
        path = write(self.dir, "a.yaml", "system_ini: tuning.ini\n")
        ini = write(self.dir, "tuning.ini", "[memory]\nmax_cache_size = 16GB\n[network]\nbatch_size = -4\n")
        self.assert_one_line_exit_78(["--config", path], f"{ini}:4: network.batch_size")

    def test_missing_file(self):
        self.assert_one_line_exit_78(["--config", "/nonexistent/dev.yaml"],
                                     "/nonexistent/dev.yaml: cannot read the config file")

    def test_a_bad_environment_value(self):
        code, _, err = run([SERVER], env={**os.environ, "DEEPSEEK_HTTP_PORT": "x"})
        self.assertEqual(code, 78)
        self.assertIn("environment DEEPSEEK_HTTP_PORT: http.port", err)

    def test_cluster_roles_are_not_available_yet(self):
        code, out, err = run([SERVER, "--role", "worker", "--data-dir", self.dir])
        self.assertEqual(code, 78)
        self.assertIn("role worker is not available in this version", out + err)

    def test_unknown_flag_prints_usage_and_exits_2(self):
        code, out, err = run([SERVER, "--frobnicate"])
        self.assertEqual(code, 2)
        self.assertIn("--frobnicate", err)
        self.assertIn("Usage:", err)
        self.assertIn("--config", err)

    def test_help_exits_0(self):
        code, out, _ = run([SERVER, "--help"])
        self.assertEqual(code, 0)
        self.assertIn("--http-port", out)

    def test_the_shipped_configs_are_valid(self):
        root = os.path.join(os.path.dirname(__file__), "..", "config")
        for name in ["dev.yaml", "cluster.yaml"]:
            # The role check comes after the whole configuration is read and
            # validated, so this message proves the file is valid without
            # starting a server.
            code, out, err = run([SERVER, "--config", os.path.join(root, name), "--role", "worker"])
            self.assertEqual(code, 78, err)
            self.assertIn("role worker is not available", out + err, name)


class StartupFailures(unittest.TestCase):
    def test_a_taken_port_fails_with_exit_1_and_says_which(self):
        for flag, key in [("--http-port", "http.port"), ("--metrics-port", "metrics.port"),
                          ("--sdk-port", "sdk.port")]:
            with self.subTest(key), socket.socket() as taken:
                taken.bind(("127.0.0.1", 0))
                taken.listen()
                port = taken.getsockname()[1]
                with Node(args=[flag, str(port)]) as node:
                    start = time.monotonic()
                    self.assertEqual(node.wait_exit(10), 1, node.output())
                    self.assertIn(f"{key} {port} on 127.0.0.1", node.output())
                    self.assertLess(time.monotonic() - start, 3)  # fails fast, no drain wait


if __name__ == "__main__":
    unittest.main(verbosity=2)
