"""Vector spaces end to end over HTTP: define, upsert, search, delete, drop,
the 400s and 404s, and vectors kept across a restart."""

import json
import os
import random
import shutil
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402


def write_vector_files(folder, rows):
    """rows.fvecs, rows.npy (numpy.save's format, version 1.0) and rows.jsonl (keys j0, j1, ...)."""
    dim = len(rows[0])
    with open(os.path.join(folder, "rows.fvecs"), "wb") as f:
        for row in rows:
            f.write(struct.pack("<i", dim) + struct.pack(f"<{dim}f", *row))
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (len(rows), dim)
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    with open(os.path.join(folder, "rows.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        for row in rows:
            f.write(struct.pack(f"<{dim}f", *row))
    with open(os.path.join(folder, "rows.jsonl"), "w") as f:
        for i, row in enumerate(rows):
            f.write(json.dumps({"key": f"j{i}", "vector": row}) + "\n")


# A cap other than the default, to see the config reach the gateway.
EXTRA = "vectors:\n  max_k: 2000\n"


class VectorSpaces(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="ds-vectors-")
        cls.node = Node(data_dir=cls.data, shards=3, extra_yaml=EXTRA).wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.node.close()
        shutil.rmtree(cls.data, ignore_errors=True)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        status, _, raw = self.node.request(
            method, path, body=data, headers={"Content-Type": "application/json"})
        return status, json.loads(raw)

    def define(self, name, **spec):
        return self.call("PUT", f"/api/v1/spaces/{name}", spec)

    def search(self, name, body):
        return self.call("POST", f"/api/v1/spaces/{name}/search", body)

    def test_vectors_upserted_are_searched_nearest_first(self):
        status, body = self.define("points", dim=3, metric="l2", index="HNSW32",
                                   params={"efSearch": 32, "efConstruction": 100})
        self.assertEqual(status, 200, body)
        self.assertEqual(body, {"name": "points", "dim": 3, "metric": "l2", "index": "HNSW32",
                                "device": "cpu",
                                "params": {"efSearch": 32, "efConstruction": 100}})
        rows = [{"key": f"pt{i}", "vector": [i, 0, 0]} for i in range(50)]
        status, body = self.call("POST", "/api/v1/spaces/points/vectors", rows)
        self.assertEqual((status, body), (200, {"upserted": 50}))
        status, body = self.search("points", {"vector": [20.2, 0, 0], "k": 3})
        self.assertEqual(status, 200, body)
        self.assertEqual([h["key"] for h in body["hits"]], ["pt20", "pt21", "pt19"])
        self.assertAlmostEqual(body["hits"][0]["score"], 0.2, places=4)
        # Only among given nodes, with a per-query parameter.
        status, body = self.search("points", {"vector": [42, 0, 0], "k": 2,
                                              "filter_keys": ["pt1", "pt40", "pt45"],
                                              "params": {"efSearch": 64}})
        self.assertEqual([h["key"] for h in body["hits"]], ["pt40", "pt45"], body)
        # The vector's node exists (a bare node for a new key).
        status, _ = self.node.get_json("/api/v1/nodes/pt7")
        self.assertEqual(status, 200)
        status, body = self.call("POST", "/api/v1/spaces/points/delete", {"keys": ["pt20", "zz"]})
        self.assertEqual((status, body), (200, {"deleted": 1}))
        status, body = self.search("points", {"vector": [20.2, 0, 0], "k": 1})
        self.assertEqual(body["hits"][0]["key"], "pt21")
        status, body = self.node.get_json("/api/v1/spaces")
        listed = {s["name"]: s["vectors"] for s in body["spaces"]}
        self.assertEqual(listed["points"], 49, body)

    def test_bad_requests_name_the_field_and_store_nothing(self):
        self.assertEqual(self.define("bad", dim=2)[0], 200)
        cases = [
            ("POST", "/api/v1/spaces/bad/vectors",
             [{"key": "a", "vector": [1, 2]}, {"key": "b", "vector": [1, "x"]}],
             400, "[1].vector[1]: expected a number, got string"),
            ("POST", "/api/v1/spaces/bad/vectors",
             [{"key": "a", "vector": [1, 2]}, {"key": "b", "vector": [1, 2, 3]}],
             400, "rows: 5 numbers for 2 keys; space \"bad\" has dimension 2"),
            ("POST", "/api/v1/spaces/bad/vectors", [{"key": "a", "vector": [1e39, 2]}],
             400, "[0].vector[0]: 1e+39 is outside the float range"),
            ("POST", "/api/v1/spaces/bad/search", {"vector": [1, 2], "k": 0},
             400, "k: 0 is outside 1.."),
            ("POST", "/api/v1/spaces/bad/search", {"vector": [1, 2], "k": 5000},
             400, "k: 5000 is outside 1..2000 (the node's vectors.max_k)"),
            ("POST", "/api/v1/spaces/bad/search", {"vector": [1, 2], "kk": 5},
             400, "body: unknown field \"kk\""),
            ("POST", "/api/v1/spaces/nope/search", {"vector": [1, 2]},
             404, "no vector space \"nope\""),
            ("PUT", "/api/v1/spaces/bad", {"dim": 3}, 409, "exists with dim 2"),
            ("PUT", "/api/v1/spaces/other", {"dim": 2, "metric": "hamming"}, 400, "metric"),
            ("PUT", "/api/v1/spaces/other", {"dim": 2, "index": "IDMap,Flat"}, 400, "index"),
            ("PUT", "/api/v1/spaces/other", {"dim": 2, "device": "tpu"}, 400,
             "device: expected cpu or gpu, got \"tpu\""),
            ("PUT", "/api/v1/spaces/other", {"dim": 2, "device": "gpu", "index": "HNSW32"}, 400,
             "a compute unit answers exact kNN; use Flat"),
            ("PUT", "/api/v1/spaces/other", {"dim": 2, "params": {"efConstruction": 80}},
             400, "params.efConstruction: only for HNSW indexes"),
            ("POST", "/api/v1/spaces/bad/search",
             {"vector": [1, 2], "params": {"efConstruction": 80}},
             400, "params: unknown field \"efConstruction\""),
            ("DELETE", "/api/v1/spaces/nope", None, 404, "no vector space \"nope\""),
            ("POST", "/api/v1/spaces/bad/search", {"text": "a dog"},
             400, "text: only the space \"text\" holds the built-in encoder's vectors"),
            ("POST", "/api/v1/spaces/bad/search", {"k": 3}, 400, "vector or text: send one"),
        ]
        for method, path, body, status, message in cases:
            with self.subTest(path=path, body=body):
                got_status, got = self.call(method, path, body)
                self.assertEqual(got_status, status, got)
                self.assertIn(message, got["error"]["message"])
        status, raw_headers, raw = self.node.request(
            "POST", "/api/v1/spaces/bad/vectors", body=b"[{\"key\": ", headers={})
        self.assertEqual(status, 400)
        self.assertIn("not valid JSON at byte", json.loads(raw)["error"]["message"])
        listed = {s["name"]: s["vectors"] for s in self.node.get_json("/api/v1/spaces")[1]["spaces"]}
        self.assertEqual(listed["bad"], 0)

    def test_deepseek_cli_imports_fvecs_npy_and_jsonl_files(self):
        rng = random.Random(5)
        rows = [[rng.uniform(-1, 1) for _ in range(8)] for _ in range(300)]
        tmp = tempfile.mkdtemp(prefix="ds-vector-files-")
        try:
            write_vector_files(tmp, rows)
            code, out, err = self.node.cli("vectors", "define", "files", "--dim", "8")
            self.assertEqual(code, 0, err)
            for name, prefix in [("rows.fvecs", "f"), ("rows.npy", "n"), ("rows.jsonl", "")]:
                code, out, err = self.node.cli("vectors", "import", "files",
                                               os.path.join(tmp, name), "--key-prefix", prefix,
                                               "--batch", "64")
                self.assertEqual(code, 0, err)
                self.assertIn("imported 300 vectors into \"files\"", out)
            code, out, err = self.node.cli("vectors", "spaces")
            self.assertIn("files\tdim 8\tl2\tFlat\t900 vectors", out)
            # Row 42 of each file is the same vector under three keys.
            code, out, err = self.node.cli("vectors", "search", "files", "-k", "3", "--vector",
                                           ",".join(repr(x) for x in struct.unpack(
                                               "<8f", struct.pack("<8f", *rows[42]))))
            self.assertEqual(code, 0, err)
            self.assertEqual(sorted(line.split("\t")[0] for line in out.splitlines()),
                             ["f42", "j42", "n42"])
            # A bad row anywhere: nothing of the file is stored.
            with open(os.path.join(tmp, "bad.jsonl"), "w") as f:
                for i, row in enumerate(rows[:50]):
                    f.write(json.dumps({"key": f"bad{i}", "vector": row[:7] if i == 30 else row}) + "\n")
            code, out, err = self.node.cli("vectors", "import", "files", os.path.join(tmp, "bad.jsonl"))
            self.assertEqual(code, 1)
            self.assertIn("bad.jsonl:31: vector: 7 numbers; the first row has 8", err)
            self.assertIn("nothing was imported", err)
            code, out, err = self.node.cli("vectors", "spaces")
            self.assertIn("900 vectors", out)
            code, out, err = self.node.cli("vectors", "import", "nope", os.path.join(tmp, "rows.npy"))
            self.assertEqual(code, 1)
            self.assertIn('no vector space "nope"', err)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_a_gpu_space_returns_what_a_flat_space_returns(self):
        # This machine may have no GPU: the CPU compute unit answers then,
        # and the answers are the same.
        rng = random.Random(3)
        rows = [{"key": f"g{i}", "vector": [rng.gauss(0, 1) for _ in range(16)]}
                for i in range(400)]
        queries = [[rng.gauss(0, 1) for _ in range(16)] for _ in range(8)]
        for metric in ("l2", "ip"):
            with self.subTest(metric=metric):
                flat, gpu = f"flat-{metric}", f"gpu-{metric}"
                self.assertEqual(self.define(flat, dim=16, metric=metric)[0], 200)
                status, body = self.define(gpu, dim=16, metric=metric, device="gpu")
                self.assertEqual((status, body["device"]), (200, "gpu"), body)
                for name in (flat, gpu):
                    status, body = self.call("POST", f"/api/v1/spaces/{name}/vectors", rows)
                    self.assertEqual(status, 200, body)
                for query in queries:
                    a = self.search(flat, {"vector": query, "k": 10})
                    b = self.search(gpu, {"vector": query, "k": 10})
                    self.assertEqual((a[0], b[0]), (200, 200), (a, b))
                    self.assertEqual([h["key"] for h in a[1]["hits"]],
                                     [h["key"] for h in b[1]["hits"]])
                    for x, y in zip(a[1]["hits"], b[1]["hits"]):
                        self.assertAlmostEqual(x["score"], y["score"], places=3)
                # A change reaches the unit's copy before the next search.
                moved = [{"key": "g7", "vector": [40.0] * 16}]
                self.assertEqual(self.call("POST", f"/api/v1/spaces/{gpu}/vectors", moved)[0], 200)
                status, body = self.search(gpu, {"vector": [39.0] * 16, "k": 1,
                                                 "filter_keys": ["g7", "g8"]})
                self.assertEqual(body["hits"][0]["key"], "g7", body)
                # So does a deletion (g7 differs between the two spaces no
                # more), and the space goes on answering as Flat.
                for name in (flat, gpu):
                    status, body = self.call("POST", f"/api/v1/spaces/{name}/delete",
                                             {"keys": ["g7", "g9"]})
                    self.assertEqual((status, body.get("deleted")), (200, 2), body)
                a = self.search(flat, {"vector": queries[0], "k": 400})
                b = self.search(gpu, {"vector": queries[0], "k": 400})
                self.assertEqual(len(b[1]["hits"]), 398, b)
                self.assertEqual([h["key"] for h in a[1]["hits"]],
                                 [h["key"] for h in b[1]["hits"]])
        status, _, raw = self.node.get("/metrics", port=self.node.metrics_port)
        text = raw.decode()
        self.assertIn('deepseek_compute_calls_total{device="cpu"}', text)
        self.assertIn('deepseek_device_memory_bytes{device="cpu",state="in_use"}', text)
        self.assertIn("deepseek_memory_fragmentation_ratio", text)

    def test_vectors_survive_a_restart_and_a_dropped_space_is_gone(self):
        self.assertEqual(self.define("kept", dim=2, metric="cosine")[0], 200)
        rows = [{"key": "east", "vector": [1, 0]}, {"key": "north", "vector": [0, 1]}]
        self.assertEqual(self.call("POST", "/api/v1/spaces/kept/vectors", rows)[0], 200)
        self.assertEqual(self.define("gone", dim=2)[0], 200)
        self.assertEqual(self.call("DELETE", "/api/v1/spaces/gone")[1], {"dropped": "gone"})
        node = type(self).node
        node.close()
        type(self).node = Node(data_dir=self.data, shards=3, extra_yaml=EXTRA).wait_ready()
        status, body = self.search("kept", {"vector": [0.1, 0.9], "k": 1})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["hits"][0]["key"], "north")
        self.assertGreater(body["hits"][0]["score"], 0.9)  # cosine: a similarity
        self.assertEqual(self.search("gone", {"vector": [0, 1]})[0], 404)


if __name__ == "__main__":
    unittest.main()
