"""The knowledge graph end to end: the WordNet demo graph imported at start,
read back over HTTP and deepseek-cli, and kept across a restart."""

import json
import os
import shutil
import signal
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402

# Under sanitizers the import is many times slower.
IMPORT_TIMEOUT = 600
# A restart on the demo graph loads the text space's snapshots and runs the
# warm-up queries before /readyz: 30 s was too little on a busy 2-core box.
RESTART_TIMEOUT = 120


class DemoGraph(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        """Imports on a fresh data directory, stops, and starts again on it:
        every test reads what the restarted node found on disk."""
        cls.data = tempfile.mkdtemp(prefix="ds-graph-")
        with Node(demo=True, data_dir=cls.data) as first:
            first.wait_ready(IMPORT_TIMEOUT)
            first.signal(signal.SIGTERM)
            first.wait_exit(30)
            cls.first_log = first.output()
        cls.node = Node(demo=True, data_dir=cls.data).wait_ready(RESTART_TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.node.close()
        shutil.rmtree(cls.data, ignore_errors=True)

    def neighbours(self, key, query):
        status, body = self.node.get_json(f"/api/v1/nodes/{key}/neighbours?{query}")
        self.assertEqual(status, 200, body)
        return body["neighbours"]

    def test_wordnet_is_imported_before_readyz_turns_200(self):
        log = self.first_log
        imported = log.index("demo graph: WordNet imported: 117659 nodes, 364552 edges")
        self.assertLess(imported, log.index("serving"), log)

    def test_a_restart_reuses_the_data_without_importing_again(self):
        self.assertNotIn("demo graph", self.node.output())
        # The text space's index comes from the snapshots the first node wrote
        # when it stopped, not from a rebuild.
        for shard in (0, 1):
            self.assertIn(f"vector space text (shard {shard}): loaded its snapshot",
                          self.node.output())
        self.assertNotIn("built from the store", self.node.output())
        code, out, err = self.node.cli("stats")
        self.assertEqual(code, 0, err)
        self.assertIn("nodes: 117659\n", out)
        self.assertIn("edges: 364552\n", out)

    def test_dog_is_n02084071_with_its_synset_properties(self):
        status, body = self.node.get_json("/api/v1/nodes/n02084071")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["key"], "n02084071")
        self.assertEqual(body["labels"], ["Synset"])
        props = body["properties"]
        self.assertEqual(props["name"], "dog.n.01")
        self.assertEqual(props["pos"], "n")
        self.assertEqual(props["lexname"], "noun.animal")
        self.assertEqual(props["lemmas"], ["dog", "domestic_dog", "Canis_familiaris"])
        self.assertTrue(props["gloss"].startswith("a member of the genus Canis"))

    def test_dog_has_2_hypernyms_and_18_hyponyms(self):
        hypernyms = self.neighbours("n02084071", "type=hypernym")
        self.assertEqual(sorted(n["key"] for n in hypernyms), ["n01317541", "n02083346"])
        self.assertTrue(all(n["type"] == "hypernym" and n["hops"] == 1 for n in hypernyms))
        self.assertEqual(len(self.neighbours("n02084071", "type=hyponym")), 18)
        both = self.neighbours("n02084071", "type=hypernym,hyponym")
        self.assertEqual(len(both), 20)

    def test_hops_are_distances_and_the_start_is_not_listed(self):
        reached = self.neighbours("n02084071", "type=hypernym&hops=3")
        by_hops = {}
        for n in reached:
            by_hops.setdefault(n["hops"], set()).add(n["key"])
        self.assertEqual(by_hops[1], {"n01317541", "n02083346"})  # domestic_animal, canine
        self.assertIn("n02075296", by_hops[2])  # canine -> carnivore
        self.assertEqual(sorted(by_hops), [1, 2, 3])
        self.assertNotIn("n02084071", {n["key"] for n in reached})
        # Incoming hypernym edges of dog are its hyponyms' pointers.
        self.assertEqual(len(self.neighbours("n02084071", "type=hypernym&direction=in")), 18)

    def test_an_unknown_key_is_404(self):
        status, body = self.node.get_json("/api/v1/nodes/n99999999")
        self.assertEqual(status, 404, body)
        self.assertIn('no node has the key "n99999999"', body["error"]["message"])
        status, body = self.node.get_json("/api/v1/nodes/n99999999/neighbours")
        self.assertEqual(status, 404, body)

    def test_bad_parameters_are_400_and_say_what_is_wrong(self):
        cases = {
            "hops=6": "hops: 6 is outside 1..5 (the node's graph.max_hops)",
            "hops=0": "hops: 0 is outside 1..5",
            "hops=two": 'hops: expected a whole number, got "two"',
            "direction=up": 'direction: expected out, in or both, got "up"',
            "hop=2": 'unknown parameter "hop"',
            "type=hypernym,,hyponym": "type: empty relation type",
        }
        for query, message in cases.items():
            with self.subTest(query=query):
                status, body = self.node.get_json(f"/api/v1/nodes/n02084071/neighbours?{query}")
                self.assertEqual(status, 400, body)
                self.assertEqual(body["error"]["code"], "invalid_argument")
                self.assertIn(message, body["error"]["message"])

    def search_text(self, body):
        status, _, raw = self.node.request("POST", "/api/v1/search/text",
                                           body=json.dumps(body).encode(),
                                           headers={"Content-Type": "application/json"})
        return status, json.loads(raw)

    def test_full_text_finds_dog_by_words_of_its_gloss(self):
        # dog.n.01: "a member of the genus Canis ... that has been domesticated
        # ... occurs in many breeds"; the query shares "dog" with its lemmas and
        # the words of the barking synsets around it.
        status, body = self.search_text({"query": "dog barked all night", "k": 5})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["terms"], ["dog", "bark", "night"])
        self.assertIn("n02084071", [h["key"] for h in body["hits"]], body)
        scores = [h["score"] for h in body["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        status, body = self.search_text({"query": "domestic dog", "k": 1})
        self.assertEqual([h["key"] for h in body["hits"]], ["n02084071"], body)

    def test_the_text_space_covers_every_synset_before_readyz(self):
        log = self.first_log
        encoded = log.index("demo graph: text space: 117659 synsets encoded")
        self.assertLess(encoded, log.index("serving"), log)
        status, body = self.node.get_json("/api/v1/spaces")
        self.assertEqual(status, 200, body)
        self.assertIn({"name": "text", "dim": 256, "metric": "cosine", "index": "Flat",
                       "device": "cpu", "params": {}, "vectors": 117659}, body["spaces"])

    def test_a_synsets_own_text_finds_it_first_in_the_text_space(self):
        # The gateway encodes a query as the demo encoded the synsets (same
        # encoder, same statistics), so the synset's own text is at cosine 1.
        status, body = self.node.get_json("/api/v1/nodes/n02084071")
        text = "\n".join(body["properties"]["lemmas"] + [body["properties"]["gloss"]])
        status, body = self.search_text_space({"text": text, "k": 3})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["hits"][0]["key"], "n02084071", body)
        self.assertAlmostEqual(body["hits"][0]["score"], 1.0, places=5)
        status, body = self.search_text_space({"text": "dog barked all night", "k": 10})
        self.assertIn("n02084071", [h["key"] for h in body["hits"]], body)
        status, body = self.search_text_space({"text": "the of all", "k": 10})
        self.assertEqual((status, body), (200, {"hits": []}))  # no terms, no direction
        for query, message in [({"text": "dog", "vector": [0.5] * 256}, "vector or text: send one"),
                               ({"text": 5}, "text: expected a string")]:
            status, body = self.search_text_space(query)
            self.assertEqual(status, 400, body)
            self.assertIn(message, body["error"]["message"])

    def search_text_space(self, body):
        status, _, raw = self.node.request("POST", "/api/v1/spaces/text/search",
                                           body=json.dumps(body).encode(),
                                           headers={"Content-Type": "application/json"})
        return status, json.loads(raw)

    def test_bad_text_queries_are_400_and_say_what_is_wrong(self):
        cases = [
            ({"k": 5}, "query: required"),
            ({"query": 7}, "query: expected a string, got number"),
            ({"query": "dog", "k": 0}, "k: 0 is outside 1.."),
            ({"query": "dog", "k": 5000}, "k: 5000 is outside 1..1000"),
            ({"query": "dog", "limit": 5}, 'unknown field "limit"'),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                status, answer = self.search_text(body)
                self.assertEqual(status, 400, answer)
                self.assertIn(message, answer["error"]["message"])

    def test_deepseek_cli_node_and_neighbours(self):
        code, out, err = self.node.cli("node", "n02084071")
        self.assertEqual(code, 0, err)
        self.assertIn('name: "dog.n.01"', out)
        code, out, err = self.node.cli("neighbours", "n02084071", "--type", "hypernym")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.splitlines(), ["1\thypernym\tn01317541", "1\thypernym\tn02083346"])
        code, out, err = self.node.cli("node", "nope")
        self.assertEqual(code, 1)
        self.assertIn('no node has the key "nope"', err)
        code, out, err = self.node.cli("neighbours", "n02084071", "--hops", "9")
        self.assertEqual(code, 1)
        self.assertIn("hops: 9 is outside 1..5", err)

    def test_deepseek_cli_searches_full_text_and_the_text_space(self):
        code, out, err = self.node.cli("search", "dog barked all night", "-k", "5")
        self.assertEqual(code, 0, err)
        self.assertIn("searched as: dog bark night", err)
        self.assertIn("n02084071", [line.split("\t")[0] for line in out.splitlines()])
        code, out, err = self.node.cli("vectors", "search", "text", "--text", "domestic_dog Canis_familiaris",
                                       "-k", "5")
        self.assertEqual(code, 0, err)
        self.assertIn("n02084071", [line.split("\t")[0] for line in out.splitlines()])
        code, out, err = self.node.cli("search", "dog", "-k", "0")
        self.assertEqual(code, 1)
        self.assertIn("k: 0 is outside 1..1000", err)


class ShardLayout(unittest.TestCase):
    def test_a_data_directory_keeps_its_shard_count(self):
        data = tempfile.mkdtemp(prefix="ds-graph-")
        try:
            with Node(data_dir=data) as first:
                first.wait_ready()
                code, out, err = first.cli("stats")
                self.assertIn("shards: 2", out)
                first.signal(signal.SIGTERM)
                self.assertEqual(first.wait_exit(10), 0)
            # Slots would belong to other shards: the node refuses to start.
            with Node(data_dir=data, shards=3) as wrong:
                self.assertEqual(wrong.wait_exit(10), 78, wrong.output())
                self.assertIn("holds 2 shards; set shards: 2", wrong.output())
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
