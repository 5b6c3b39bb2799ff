"""Writing queries end to end over HTTP (POST /api/v1/infer) on a node with
three shards: what CREATE, MERGE, SET, REMOVE and DELETE change is read back
by later queries and survives a restart; the update counters; refusals
(a taken key, a node that still has relationships) are 4xx that change
nothing; and a node killed (SIGKILL) in the middle of writing queries comes
back with no edge on one side only (the outbox repair at start).

DS_KILL_CYCLES sets the number of kill cycles (default 6)."""

import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402

CYCLES = int(os.environ.get("DS_KILL_CYCLES", "6"))


def infer(node, query, params=None):
    body = {"query": query}
    if params is not None:
        body["params"] = params
    status, _, reply = node.request("POST", "/api/v1/infer", body=json.dumps(body).encode(),
                                    headers={"Content-Type": "application/json"})
    return status, json.loads(reply)


def rows(node, query, params=None):
    status, body = infer(node, query, params)
    assert status == 200, body
    return body["rows"]


class QueryWrites(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="ds-writes-")
        self.node = Node(data_dir=self.data, shards=3).wait_ready()

    def tearDown(self):
        self.node.close()
        shutil.rmtree(self.data, ignore_errors=True)

    def test_created_graph_is_read_back_with_the_ids_it_got_and_survives_a_restart(self):
        status, body = infer(self.node, """
            UNWIND range(1, 20) AS i
            CREATE (p:Person {`~key`: 'p' + toString(i), n: i})-[:LIVES_IN {since: 2000 + i}]->
                   (c:City {name: 'city' + toString(i % 4)})
            RETURN id(p) AS id, p""")
        self.assertEqual(status, 200, body)
        stats = body["stats"]
        self.assertTrue(stats["contains_updates"])
        self.assertEqual((stats["nodes_created"], stats["relationships_created"]), (40, 20))
        self.assertEqual(stats["labels_added"], 40)
        ids = {row[1]["key"]: row[0] for row in body["rows"]}
        self.assertEqual(len(ids), 20)
        # The ids returned are the stored ones: a lookup by id finds each node.
        found = rows(self.node, "MATCH (p:Person) WHERE id(p) IN $ids RETURN key(p), id(p)",
                     {"ids": list(ids.values())})
        self.assertEqual({key: id_ for key, id_ in found}, ids)
        self.assertEqual(rows(self.node, "MATCH (p {`~key`: 'p7'})-[r:LIVES_IN]->(c) "
                                         "RETURN p.n, r.since, c.name"), [[7, 2007, "city3"]])
        self.node.close()
        self.node = Node(data_dir=self.data, shards=3).wait_ready()
        self.assertEqual(rows(self.node, "MATCH (:Person)-[r:LIVES_IN]->() RETURN count(r)"),
                         [[20]])
        self.assertEqual(rows(self.node, "MATCH (c:City)<-[:LIVES_IN]-(p) WHERE p.n = 4 "
                                         "RETURN c.name"), [["city0"]])

    def test_set_remove_and_merge_change_what_later_queries_read(self):
        rows(self.node, "CREATE (:Person {`~key`: 'ann', name: 'Ann', age: 30})")
        status, body = infer(self.node, "MATCH (n {`~key`: 'ann'}) SET n.age = n.age + 1, n:Admin "
                                        "REMOVE n.name RETURN n")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["stats"]["properties_set"], 2)
        self.assertEqual(body["stats"]["labels_added"], 1)
        node = body["rows"][0][0]
        self.assertEqual((node["labels"], node["properties"]), (["Admin", "Person"], {"age": 31}))
        self.assertEqual(rows(self.node, "MATCH (n:Admin) RETURN n.age, n.name"), [[31, None]])
        for _ in range(3):  # the same MERGE again and again: one node
            rows(self.node, "MERGE (t:Tag {name: 'x'}) ON MATCH SET t.hits = coalesce(t.hits, 0) + 1")
        self.assertEqual(rows(self.node, "MATCH (t:Tag) RETURN t.name, t.hits"), [["x", 2]])

    def test_concurrent_merges_by_key_make_one_node(self):
        errors = []

        def merge():
            for _ in range(5):
                status, body = infer(self.node, "MERGE (n:Counter {`~key`: 'only'}) "
                                                "ON CREATE SET n.made = true RETURN n.made")
                if status != 200:
                    errors.append(body)

        threads = [threading.Thread(target=merge) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(rows(self.node, "MATCH (n:Counter) RETURN count(n), key(n)"),
                         [[1, "only"]])

    def test_refused_writes_are_4xx_and_change_nothing(self):
        rows(self.node, "CREATE (a:T {`~key`: 'a'})-[:R]->(b:T {`~key`: 'b'})")
        status, body = infer(self.node, "CREATE (:T {`~key`: 'a'})")
        self.assertEqual(status, 409, body)
        self.assertIn("another node has it", body["error"]["message"])
        status, body = infer(self.node, "MATCH (n {`~key`: 'a'}) SET n.x = 1 DELETE n")
        self.assertEqual(status, 400, body)
        self.assertIn("still has relationships", body["error"]["message"])
        self.assertEqual(rows(self.node, "MATCH (n:T) RETURN key(n), n.x ORDER BY key(n)"),
                         [["a", None], ["b", None]])
        status, body = infer(self.node, "MATCH (n {`~key`: 'a'}) DETACH DELETE n")
        self.assertEqual(status, 200, body)
        self.assertEqual((body["stats"]["nodes_deleted"], body["stats"]["relationships_deleted"]),
                         (1, 1))
        self.assertEqual(rows(self.node, "MATCH (n:T) OPTIONAL MATCH (n)-[r]-() "
                                         "RETURN key(n), count(r)"), [["b", 0]])

    def test_detach_delete_counts_each_relationship_once(self):
        # Twelve pairs over three shards: most pairs span two shards, whose
        # shards both find the relationship as they delete their node.
        rows(self.node, "UNWIND range(1, 12) AS i "
                        "CREATE (:Pair {`~key`: 'x' + toString(i)})-[:R]->"
                        "(:Pair {`~key`: 'y' + toString(i)})")
        status, body = infer(self.node, "MATCH (n:Pair) DETACH DELETE n")
        self.assertEqual(status, 200, body)
        self.assertEqual((body["stats"]["nodes_deleted"], body["stats"]["relationships_deleted"]),
                         (24, 12))
        self.assertEqual(edge_entries(self.node), ("0", "0"))


def edge_entries(node):
    code, out, err = node.cli("stats")
    assert code == 0, err
    stats = dict(line.split(": ") for line in out.splitlines())
    return stats["edges"], stats["in entries"]


class KillDuringQueryWrites(unittest.TestCase):
    """Each cycle starts the node on the same data directory, checks that
    every edge has both its entries, then runs writing queries whose edges
    span shards (CREATE of pairs, DETACH DELETE of hubs) from two threads
    and kills the node (SIGKILL) at a random moment."""

    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="ds-writes-kill-")
        self.rng = random.Random(int(os.environ.get("DS_KILL_SEED", "11")))

    def tearDown(self):
        shutil.rmtree(self.data, ignore_errors=True)

    def test_no_edge_is_left_with_one_side_after_a_kill(self):
        repairs = 0
        for cycle in range(CYCLES):
            with Node(data_dir=self.data, shards=3) as node:
                node.wait_ready()
                repairs += "graph repair:" in node.output()
                edges, in_entries = edge_entries(node)
                self.assertEqual(edges, in_entries, f"cycle {cycle}: half edges after a kill")
                stop = threading.Event()

                def write(worker):
                    batch = 0
                    while not stop.is_set():
                        try:
                            infer(node, "UNWIND range(1, 50) AS i "
                                        "CREATE (:K {`~key`: $p + toString(i)})-[:E]->"
                                        "(:K {`~key`: $q + toString(i)})",
                                  {"p": f"c{cycle}w{worker}b{batch}s", "q": f"c{cycle}w{worker}b{batch}t"})
                            infer(node, "MATCH (n:K) WITH n LIMIT 20 DETACH DELETE n")
                        except OSError:
                            return  # the node is gone
                        batch += 1

                threads = [threading.Thread(target=write, args=(w,)) for w in range(2)]
                for t in threads:
                    t.start()
                time.sleep(self.rng.uniform(0.3, 1.5))
                node.signal(signal.SIGKILL)
                node.wait_exit(10)
                stop.set()
                for t in threads:
                    t.join()
        with Node(data_dir=self.data, shards=3) as node:
            node.wait_ready()
            repairs += "graph repair:" in node.output()
            edges, in_entries = edge_entries(node)
            self.assertEqual(edges, in_entries, "half edges after the last kill")
            dangling = rows(node, "MATCH (a:K)-[:E]->(b) WHERE NOT b:K RETURN count(*)")
            self.assertEqual(dangling, [[0]], "an edge points at a deleted node")
        print(f"{CYCLES} kill cycles during writing queries; {repairs} restarts replayed an "
              f"outbox", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
