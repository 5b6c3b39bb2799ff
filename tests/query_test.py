"""Queries end to end over HTTP (POST /api/v1/infer) on the WordNet demo
graph: the .test files on `graph wordnet`, EXPLAIN and PROFILE, and the
400s of bad requests and queries, after which the server keeps serving."""

import glob
import json
import os
import re
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402
from support.query_files import display, read_query_file  # noqa: E402

IMPORT_TIMEOUT = 600  # the demo import under sanitizers
QUERIES = os.path.join(os.path.dirname(__file__), "queries")


class Queries(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = Node(demo=True, extra_yaml="query:\n  max_rows: 500\nserving:\n  max_queue: 8\n"
                        ).wait_ready(IMPORT_TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def infer(self, body, raw=None):
        data = raw if raw is not None else json.dumps(body).encode()
        status, _, reply = self.node.request(
            "POST", "/api/v1/infer", body=data, headers={"Content-Type": "application/json"})
        return status, json.loads(reply)

    def test_wordnet_query_files(self):
        files = [f for f in sorted(glob.glob(os.path.join(QUERIES, "*.test")))
                 if read_query_file(f)[0] == "wordnet"]
        self.assertTrue(files)
        for path in files:
            for case in read_query_file(path)[1]:
                where = f"{os.path.basename(path)}:{case['line']}"
                body = {"query": case["query"]}
                if case["params"] is not None:
                    body["params"] = case["params"]
                status, reply = self.infer(body)
                if case["error"]:
                    self.assertEqual(status, 400, where)
                    code, _, part = case["expected"][0].partition(": ")
                    self.assertEqual(reply["error"]["code"], code, where)
                    self.assertIn(part, reply["error"]["message"], where)
                    continue
                self.assertEqual(status, 200, f"{where}: {reply}")
                self.assertEqual(" | ".join(reply["columns"]), case["expected"][0], where)
                got = [" | ".join(display(v) for v in row) for row in reply["rows"]]
                want = case["expected"][1:]
                if not case["ordered"]:
                    got, want = sorted(got), sorted(want)
                self.assertEqual(got, want, f"{where}: {case['query']}")

    def test_results_are_typed_json(self):
        status, reply = self.infer({
            "query": "MATCH p = (d:Synset {name: $name})-[r:hypernym]->(h) "
                     "RETURN d, r, p, {name: h.name} AS m ORDER BY h.name LIMIT 1",
            "params": {"name": "dog.n.01"}})
        self.assertEqual(status, 200, reply)
        d, r, p, m = reply["rows"][0]
        self.assertEqual(d["key"], "n02084071")
        self.assertEqual(d["labels"], ["Synset"])
        self.assertEqual(d["properties"]["name"], "dog.n.01")
        self.assertEqual(r["type"], "hypernym")
        self.assertEqual(r["start"], d["id"])
        self.assertEqual([n["properties"]["name"] for n in p["nodes"]], ["dog.n.01", "canine.n.02"])
        self.assertEqual(m, {"name": "canine.n.02"})
        self.assertEqual(reply["stats"]["rows"], 1)
        self.assertEqual(reply["stats"]["shards"], 2)

    def test_explain_and_profile(self):
        query = "MATCH (s:Synset {name: 'dog.n.01'})-[:hypernym]->(h) RETURN h.name"
        status, reply = self.infer({"query": "EXPLAIN " + query})
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["rows"], [])
        self.assertIn("NodeScan s:Synset {name = 'dog.n.01'}", reply["plan"])
        status, reply = self.infer({"query": "PROFILE " + query})
        self.assertEqual(status, 200, reply)
        self.assertEqual(len(reply["rows"]), 2)
        operators = {op["operator"]: op for op in reply["profile"]}
        self.assertEqual(operators["NodeScan"]["rows"], 1)
        self.assertEqual(operators["Expand"]["rows"], 2)

    def test_a_plain_language_question_ranks_the_entity_it_describes(self):
        status, reply = self.infer({"query": "domestic animal that barks"})  # mode auto
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["mode"], "text")
        self.assertEqual(reply["columns"], ["entity", "score", "matched_terms", "evidence"])
        answer = reply["answer"]
        self.assertEqual(answer["terms"], ["animal", "barks", "domestic"])
        self.assertEqual(answer["retrievers"], ["bm25", "vector:text"])
        names = [e["properties"]["name"] for e in answer["entities"]]
        self.assertEqual(len(names), 10)  # the default for a question
        self.assertIn("dog.n.01", names[:5], names)
        dog = answer["entities"][names.index("dog.n.01")]
        self.assertEqual(dog["matched_terms"], ["barks", "domestic"])
        self.assertIn("(dog.n.01)-[:hypernym]->(domestic_animal.n.01)",
                      [e["path"] for e in dog["evidence"]])
        scores = [e["score"] for e in answer["entities"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        row = reply["rows"][names.index("dog.n.01")]
        self.assertEqual(row[0]["properties"]["name"], "dog.n.01")
        self.assertEqual(row[2], ["barks", "domestic"])
        self.assertEqual(row[3][0]["nodes"][1]["properties"]["name"],
                         dog["evidence"][0]["path"].split("(")[-1].rstrip(")"))

    def test_modes_can_be_forced_and_a_question_takes_a_limit(self):
        status, reply = self.infer({"query": "lion", "mode": "text", "limit": 3})
        self.assertEqual(status, 200, reply)
        self.assertEqual(len(reply["answer"]["entities"]), 3)
        self.assertEqual(reply["answer"]["entities"][0]["properties"]["name"], "lion.n.01")
        status, reply = self.infer({"query": "domestic animal that barks", "mode": "cypher"})
        self.assertEqual(status, 400, reply)
        self.assertEqual(reply["error"]["code"], "syntax_error")
        status, reply = self.infer({"query": "MATCH (n RETURN n"})  # mistyped Cypher, mode auto
        self.assertEqual(status, 400, reply)
        self.assertEqual(reply["error"]["code"], "syntax_error")
        status, reply = self.infer({"query": "the of and", "mode": "text"})  # only stop words
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["answer"]["entities"], [])

    def metric(self, name):
        _, _, body = self.node.get("/metrics", port=self.node.metrics_port)
        match = re.search("^" + re.escape(name) + r" (\S+)$", body.decode(), re.M)
        return float(match.group(1)) if match else None

    def test_a_full_queue_answers_429_and_leaves_room_for_high_priority(self):
        # serving.max_queue 8: normal priority may fill 7, low 4, high all 8.
        slow = {"query": "MATCH (n:Synset)-[:hypernym]->(h) RETURN count(h)",  # ~1 s alone
                "timeout_ms": 8000}
        results = []
        threads = [threading.Thread(target=lambda: results.append(self.infer(slow)[0]))
                   for _ in range(7)]
        for t in threads:
            t.start()
        depth = 'deepseek_infer_queue_depth{priority="normal"}'
        deadline = time.monotonic() + 5
        while self.metric(depth) != 7 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.metric(depth), 7)
        status, headers, body = self.node.request(
            "POST", "/api/v1/infer", body=json.dumps({"query": "RETURN 1 AS one"}).encode())
        self.assertEqual(status, 429, body)
        self.assertEqual(headers.get("Retry-After"), "1")
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], "overloaded")
        self.assertIn("serving.max_queue", error["message"])
        status, reply = self.infer({"query": "RETURN 1 AS one", "priority": "low"})
        self.assertEqual(status, 429, reply)
        status, reply = self.infer({"query": "RETURN 1 AS one", "priority": "high"})
        self.assertEqual((status, reply.get("rows")), (200, [[1]]))
        for t in threads:
            t.join()
        self.assertTrue(all(s in (200, 504) for s in results), results)
        self.assertEqual(self.metric(depth), 0)
        self.assertGreaterEqual(self.metric('deepseek_infer_rejected_total{priority="normal"}'), 1)
        self.assertGreaterEqual(self.metric('deepseek_infer_rejected_total{priority="low"}'), 1)
        status, reply = self.infer({"query": "RETURN 1 AS one"})  # room again
        self.assertEqual(status, 200, reply)

    def test_serving_metrics_and_warm_up(self):
        status, reply = self.infer({"query": "CALL db.index.vector.queryNodes('text', 5, 'dog') "
                                             "YIELD node RETURN node.name"})
        self.assertEqual(status, 200, reply)
        self.assertGreaterEqual(self.metric("deepseek_vector_batch_size_count"), 1)
        self.assertGreaterEqual(
            self.metric('deepseek_infer_request_duration_seconds_count{mode="cypher"}'), 1)
        self.infer({"query": "lion", "mode": "text"})
        self.assertGreaterEqual(
            self.metric('deepseek_infer_request_duration_seconds_count{mode="text"}'), 1)
        self.assertRegex(self.node.output(), r"warm-up: 16 queries in \d+ ms\n")

    def test_limit_caps_and_reports_truncation(self):
        status, reply = self.infer({"query": "MATCH (s:Synset) RETURN s.name", "limit": 3})
        self.assertEqual(status, 200, reply)
        self.assertEqual(len(reply["rows"]), 3)
        self.assertTrue(reply["stats"]["truncated"])
        status, reply = self.infer({"query": "MATCH (s:Synset) RETURN s.name LIMIT 600"})
        self.assertEqual(status, 200, reply)
        self.assertEqual(len(reply["rows"]), 500)  # query.max_rows
        self.assertTrue(reply["stats"]["truncated"])

    def test_bad_requests_are_400s_and_the_server_keeps_serving(self):
        cases = [
            (None, b"{not json", "invalid_argument", None),
            ({"query": 5}, None, "invalid_argument", "query"),
            ({"query": "RETURN 1", "params": [1]}, None, "invalid_argument", "params"),
            ({"query": "RETURN 1", "limit": 100000}, None, "invalid_argument", "limit"),
            ({"query": "RETURN 1", "limit": 0}, None, "invalid_argument", "limit"),
            ({"query": "RETURN 1", "mode": "sql"}, None, "invalid_argument", "mode"),
            ({"query": "RETURN 1", "colour": 1}, None, "invalid_argument", "colour"),
            ({"query": "RETURN 1", "timeout_ms": -1}, None, "invalid_argument", "timeout_ms"),
            ({"query": "MATCH (n RETURN n"}, None, "syntax_error", "expected ')'"),
            ({"query": "RETURN nosuch(1)"}, None, "semantic_error", "unknown function 'nosuch'"),
            ({"query": "CALL db.nosuch()"}, None, "semantic_error", "unknown procedure"),
            ({"query": "RETURN " + "(" * 5000 + "1" + ")" * 5000}, None, "too_complex", "deeper"),
            ({"query": "RETURN " + " + ".join(["1"] * 5000)}, None, "too_complex", "deeper"),
            ({"query": "MATCH (n) RETURN n UNION MATCH (m) RETURN m"}, None, "not_supported",
             "UNION"),
            ({"query": "RETURN $x"}, None, "parameter_error", "$x"),
        ]
        for body, raw, code, part in cases:
            status, reply = self.infer(body, raw)
            self.assertEqual(status, 400, (body, reply))
            self.assertEqual(reply["error"]["code"], code, (body, reply))
            if part:
                self.assertIn(part, reply["error"]["message"], (body, reply))
        status, reply = self.infer({"query": "MATCH (n RETURN n"})
        self.assertEqual((reply["error"]["line"], reply["error"]["column"]), (1, 10))
        self.assertIn("^", reply["error"]["excerpt"])
        status, reply = self.infer({"query": "MATCH (s:Synset {name: 'dog.n.01'}) RETURN s.pos"})
        self.assertEqual((status, reply["rows"]), (200, [["n"]]))

    def test_the_cli_prints_a_table_and_refusals(self):
        code, out, err = self.node.cli(
            "query", "MATCH (s:Synset {name: $name})-[:hypernym]->(h) "
                     "RETURN h.name AS hypernym ORDER BY hypernym", "--param", "name=dog.n.01")
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        self.assertEqual(lines[0].strip(), "hypernym")
        self.assertEqual([l.strip() for l in lines[2:]], ["'canine.n.02'", "'domestic_animal.n.01'"])
        self.assertIn("2 rows in", err)
        code, out, err = self.node.cli("query", "RETURN $n + 1 AS m", "--param", "n=41", "--json")
        self.assertEqual((code, json.loads(out)), (0, {"columns": ["m"], "rows": [[42]]}))
        code, out, err = self.node.cli("query", "domestic animal that barks", "--limit", "5")
        self.assertEqual(code, 0, err)
        self.assertIn("entity", out.splitlines()[0])
        self.assertIn("(n02084071)-[:hypernym]->(n01317541)", out)  # dog.n.01's evidence
        code, out, err = self.node.cli("query", "lion", "--mode", "text", "--limit", "1", "--json")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["answer"]["entities"][0]["key"], "n02129165")
        code, out, err = self.node.cli("query", "MATCH (n RETURN n")
        self.assertEqual(code, 1)
        self.assertIn("syntax_error: line 1, column 10: expected ')'", err)
        self.assertIn("^", err)


if __name__ == "__main__":
    unittest.main()
