"""Durability of vectors: every acknowledged vector is searchable after
SIGKILL and a restart, and deleted ones never come back.

Each cycle starts the node on the same data directory and checks what was
acknowledged so far; then a writer upserts batches of vectors over HTTP (and
deletes a few acknowledged ones) while the node is killed (SIGKILL) at a
random moment. A request counts only if its 200 arrived before the kill; keys of a deletion
cut off by the kill are checked neither way.
After every restart, a search for exactly an acknowledged vector finds its
key first (distance 0): for a sample of them each cycle and for all of them
(up to 50,000) after the last; and a search restricted to a deleted key finds nothing.

DS_KILL_CYCLES sets the number of cycles (default 10).
"""

import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402

CYCLES = int(os.environ.get("DS_KILL_CYCLES", "10"))
FINAL_CHECK = 50_000
DIM = 8
BATCH = 50


def call(node, method, path, body):
    status, _, raw = node.request(method, path, body=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})
    return status, json.loads(raw)


class KillDuringVectorWrites(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="ds-vector-durability-")
        self.rng = random.Random(int(os.environ.get("DS_KILL_SEED", "11")))

    def tearDown(self):
        shutil.rmtree(self.data, ignore_errors=True)

    def check(self, node, vectors, deleted, sample=None):
        keys = sorted(vectors)
        if sample is not None and len(keys) > sample:
            keys = self.rng.sample(keys, sample)
        for key in keys:
            vector = vectors[key]
            status, body = call(node, "POST", "/api/v1/spaces/emb/search",
                                {"vector": vector, "k": 1})
            self.assertEqual(status, 200, body)
            self.assertTrue(body["hits"], f"{key}: acknowledged, not found")
            self.assertEqual(body["hits"][0]["score"], 0.0, f"{key}: {body}")
            self.assertEqual(body["hits"][0]["key"], key, body)
        for key in deleted:
            status, body = call(node, "POST", "/api/v1/spaces/emb/search",
                                {"vector": [0.0] * DIM, "k": 1, "filter_keys": [key]})
            self.assertEqual((status, body["hits"]), (200, []), f"{key} came back")

    def write(self, node, cycle, vectors, deleted, stop):
        """Upserts batches (and deletes some acknowledged keys) until the node dies."""
        batch = 0
        while not stop.is_set():
            rows = [{"key": f"c{cycle}-b{batch}-{i}",
                     "vector": [self.rng.uniform(-1, 1) for _ in range(DIM)]}
                    for i in range(BATCH)]
            try:
                status, _ = call(node, "POST", "/api/v1/spaces/emb/vectors", rows)
            except OSError:
                return
            if status == 200:
                vectors.update({r["key"]: r["vector"] for r in rows})
            if vectors and batch % 3 == 2:
                gone = self.rng.sample(sorted(vectors), 2)
                try:
                    status, _ = call(node, "POST", "/api/v1/spaces/emb/delete", {"keys": gone})
                except OSError:
                    # Cut off: the deletion may or may not have been applied,
                    # so these keys are neither kept nor deleted for sure.
                    for key in gone:
                        vectors.pop(key)
                    return
                if status == 200:
                    for key in gone:
                        vectors.pop(key)
                        deleted.add(key)
            batch += 1

    def test_acknowledged_vectors_survive_sigkill(self):
        vectors, deleted = {}, set()
        for cycle in range(CYCLES):
            node = Node(data_dir=self.data, shards=2).wait_ready(60)
            try:
                if cycle == 0:
                    # Flat: exact, so a stored vector is always its own nearest
                    # (HNSW may miss one, which says nothing about durability).
                    status, body = call(node, "PUT", "/api/v1/spaces/emb",
                                        {"dim": DIM, "index": "Flat"})
                    self.assertEqual(status, 200, body)
                # A sample each cycle (every deletion), everything at the end.
                self.check(node, vectors, deleted, sample=100)
                stop = threading.Event()
                # A vector whose request was cut off may or may not be stored:
                # the writer only records what was acknowledged.
                writer = threading.Thread(target=self.write,
                                          args=(node, cycle, vectors, deleted, stop))
                writer.start()
                time.sleep(self.rng.uniform(0.05, 0.6))
                node.proc.kill()
                node.proc.wait()
                stop.set()
                writer.join()
            finally:
                node.close()
        node = Node(data_dir=self.data, shards=2).wait_ready(60)
        try:
            # Every key, up to FINAL_CHECK (200 cycles of `make stress` leave
            # ~800k vectors: one exact search each would take hours).
            self.check(node, vectors, deleted, sample=FINAL_CHECK)
        finally:
            node.close()
        print(f"{CYCLES} kill cycles: {len(vectors)} vectors acknowledged and kept, "
              f"{len(deleted)} deletions kept", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
