"""deepseek-cli import against a real node: each format in, read back over
HTTP; bad input names file:line and leaves the store as it was."""

import os
import shutil
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from support.node import Node  # noqa: E402

NT = (
    '<http://ex.org/alice> <http://ex.org/knows> <http://ex.org/bob> .\n'
    '<http://ex.org/alice> <http://ex.org/name> "Alice \\"Al\\" \\u00C5"@en .\n'
    '<http://ex.org/alice> <http://ex.org/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '_:b1 <http://ex.org/knows> <http://ex.org/alice> .\n'
)
TSV = "/m/a\t/r/likes\t/m/b\n/m/b\t/r/likes\t/m/c\n/m/c\t/r/hates\t/m/a\n"
CSV_NODES = 'id:ID,name,age:int,tags:string[],:LABEL\np1,"Smith, Jo",31,a;b,Person\np2,Ann,27,,Person;Admin\n'
CSV_EDGES = ":START_ID,:TYPE,:END_ID,since:int\np1,KNOWS,p2,2020\n"

# format -> (file name, good lines before the bad one, the bad line, what the error says)
BAD = {
    "truncated line": [
        ("ntriples", "t.nt", "<http://ex.org/x> <http://ex.org/p> <http://ex.org/y>\n", "the line ends before the final '.'"),
        ("tsv", "t.tsv", "/m/x\t/r/p\n", "expected 3 tab-separated fields"),
        ("csv", "t.csv", "p9,Zed\n", "expected 5 fields as in the header"),
    ],
    "bad escape": [
        ("ntriples", "e.nt", '<http://ex.org/x> <http://ex.org/p> "a\\qb" .\n', "bad escape \\q"),
        ("csv", "e.csv", 'p9,Z"ed,1,,Person\n', "a quote inside an unquoted field"),
    ],
    "unknown column": [
        ("tsv", "c.tsv", "/m/x\t/r/p\t/m/y\textra\n", "got 4"),
        ("csv", "c.csv", None, 'column 3 "age:integr": unknown type integr'),
    ],
    "non-UTF-8": [
        ("ntriples", "u.nt", '<http://ex.org/x> <http://ex.org/p> "caf\xe9" .\n', "invalid UTF-8"),
        ("tsv", "u.tsv", "/m/x\t/r/caf\xe9\t/m/y\n", "invalid UTF-8"),
        ("csv", "u.csv", "p9,caf\xe9,1,,Person\n", "invalid UTF-8"),
    ],
}
GOOD_PREFIX = {
    "ntriples": '<http://ex.org/g1> <http://ex.org/p> <http://ex.org/g2> .\n' * 2,
    "tsv": "/m/g1\t/r/p\t/m/g2\n" * 2,
    "csv": "id:ID,name,age:int,tags:string[],:LABEL\ng1,G,1,,Person\n",
}


class Import(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = tempfile.mkdtemp(prefix="ds-import-")
        cls.node = Node().wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.node.close()
        shutil.rmtree(cls.files, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.files, name)
        with open(path, "wb") as f:
            f.write(text.encode("latin-1") if "\xe9" in text else text.encode("utf-8"))
        return path

    def stats(self):
        code, out, err = self.node.cli("stats")
        self.assertEqual(code, 0, err)
        return dict(line.split(": ") for line in out.splitlines())

    def imported(self, *args):
        code, out, err = self.node.cli("import", *args)
        self.assertEqual(code, 0, err)
        return out

    def node_json(self, key):
        status, body = self.node.get_json("/api/v1/nodes/" + urllib.parse.quote(key, safe=""))
        self.assertEqual(status, 200, body)
        return body

    def test_ntriples_edges_and_typed_literals(self):
        path = self.write("good.nt", NT)
        out = self.imported("--format", "ntriples", path)
        self.assertIn("imported 1 nodes and 2 edges", out)
        alice = self.node_json("http://ex.org/alice")["properties"]
        self.assertEqual(alice["http://ex.org/name@en"], 'Alice "Al" \u00c5')
        self.assertEqual(alice["http://ex.org/age"], 42)
        status, body = self.node.get_json(
            "/api/v1/nodes/" + urllib.parse.quote("http://ex.org/alice", safe="") + "/neighbours")
        self.assertEqual([n["key"] for n in body["neighbours"]], ["http://ex.org/bob"])

    def test_tsv_triples_and_importing_twice_changes_nothing(self):
        path = self.write("good.tsv", TSV)
        self.assertIn("imported 0 nodes and 3 edges", self.imported("--format", "tsv", path))
        before = self.stats()
        self.imported("--format", "tsv", path)
        self.assertEqual(self.stats(), before)
        status, body = self.node.get_json("/api/v1/nodes/%2Fm%2Fa/neighbours?hops=3")
        self.assertEqual(status, 200, body)
        self.assertEqual({(n["key"], n["hops"]) for n in body["neighbours"]}, {("/m/b", 1), ("/m/c", 2)})

    def test_csv_nodes_with_typed_columns_and_edges(self):
        edges = self.write("edges.csv", CSV_EDGES)
        nodes = self.write("nodes.csv", CSV_NODES)
        out = self.imported("--format", "csv", edges, nodes)  # node files go first anyway
        self.assertIn("imported 2 nodes and 1 edges", out)
        p1 = self.node_json("p1")
        self.assertEqual(p1["labels"], ["Person"])
        self.assertEqual(p1["properties"], {"id": "p1", "name": "Smith, Jo", "age": 31, "tags": ["a", "b"]})
        self.assertEqual(sorted(self.node_json("p2")["labels"]), ["Admin", "Person"])

    def test_bad_input_names_file_and_line_and_leaves_the_store_unchanged(self):
        for kind, cases in BAD.items():
            for fmt, name, bad_line, message in cases:
                with self.subTest(kind=kind, format=fmt):
                    if bad_line is None:  # a bad header: line 1
                        text, line = "id:ID,name,age:integr\np1,x,1\n", 1
                    else:
                        text = GOOD_PREFIX[fmt] + bad_line + GOOD_PREFIX[fmt].splitlines(True)[-1]
                        line = len(GOOD_PREFIX[fmt].splitlines()) + 1
                    path = self.write(name, text)
                    before = self.stats()
                    code, out, err = self.node.cli("import", "--format", fmt, path)
                    self.assertEqual(code, 1, out + err)
                    self.assertIn(f"{path}:{line}:", err)
                    self.assertIn(message, err)
                    self.assertIn("nothing was imported", err)
                    self.assertEqual(self.stats(), before)

    def test_skip_bad_reports_the_line_and_imports_the_rest(self):
        path = self.write("skip.tsv", "/s/a\t/r/p\t/s/b\n/s/x\t/r/p\n/s/b\t/r/p\t/s/c\n")
        code, out, err = self.node.cli("import", "--format", "tsv", "--skip-bad", path)
        self.assertEqual(code, 0, err)
        self.assertIn(f"skipped: {path}:2: expected 3 tab-separated fields", err)
        self.assertIn("imported 0 nodes and 2 edges", out)
        self.assertIn("1 bad lines skipped", out)

    def test_a_missing_file_is_an_error(self):
        code, out, err = self.node.cli("import", "--format", "tsv", "/nonexistent.tsv")
        self.assertEqual(code, 1)
        self.assertIn("/nonexistent.tsv: cannot open", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
