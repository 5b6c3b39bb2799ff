"""The layer order, checked: every #include points down (or within its layer).

Usage: layers_test.py [REPO_ROOT]   (the test command runs it: suite `structure`)

The layers, bottom up, and what each may include besides itself. The top
README's "Layout" section says the same in words; this table is the rule.
A layer that is not listed (tests/, bench/) may include anything.

Two more rules:
- the plain libraries (common, schema, storage, kernels, query) never
  include CAF: they are tested and reused without an actor system;
- what the SDK and deepseek-cli compile or link reaches no actor, kernel, RocksDB,
  FAISS or CUDA header, however indirectly: a program built on the SDK
  needs the protocol and a socket, not the engine.
"""

import os
import re
import sys

MAY_INCLUDE = {
    "common": [],
    "schema": ["common"],
    "storage": ["common", "schema"],
    "kernels": ["common"],
    "query": ["common", "storage"],
    "protocol": ["common", "schema", "storage", "query"],
    "runtime": ["common", "schema", "protocol"],
    "actors": ["common", "schema", "storage", "kernels", "query", "protocol", "runtime"],
    "sdk": ["common", "schema", "storage", "protocol", "runtime"],
    "node": ["common", "schema", "storage", "kernels", "query", "protocol", "runtime", "actors",
             "sdk"],
    "tools": ["common", "schema", "storage", "kernels", "query", "protocol", "runtime", "actors",
              "sdk", "node"],
}
NO_CAF = ["common", "schema", "storage", "kernels", "query"]
# What the client side (the SDK and the CLI) compiles.
CLIENT = ["sdk/", "tools/cli/", "tools/deepseek_cli.cpp"]
CLIENT_MUST_NOT_REACH = re.compile(r"^(actors|kernels)/|^(rocksdb|faiss|cuda|cublas|nccl)")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)
SOURCES = (".cpp", ".hpp", ".cu", ".cuh", ".h")


def sources(root):
    for layer in MAY_INCLUDE:
        for folder, _, names in os.walk(os.path.join(root, layer)):
            for name in sorted(names):
                if name.endswith(SOURCES):
                    yield os.path.relpath(os.path.join(folder, name), root)


def includes(root, path):
    """(line, quoted?, target) for each #include of path."""
    with open(os.path.join(root, path), encoding="utf-8") as f:
        text = f.read()
    for match in INCLUDE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield line, match.group(1) == '"', match.group(2)


def layer_of(path):
    return path.split("/", 1)[0]


def upward_includes(root):
    for path in sources(root):
        layer = layer_of(path)
        allowed = set(MAY_INCLUDE[layer]) | {layer}
        for line, quoted, target in includes(root, path):
            if not quoted:
                if layer in NO_CAF and target.startswith("caf/"):
                    yield f"{path}:{line}: {layer}/ is a plain library and may not include <{target}>"
                continue
            if layer_of(target) in MAY_INCLUDE and layer_of(target) not in allowed:
                yield (f"{path}:{line}: {layer}/ may not include \"{target}\" "
                       f"({layer_of(target)}/ is not below it)")


def client_reach(root):
    """Headers the client side reaches that it must not, with the path there.
    A header's own .cpp counts as reached too: it is what gets linked."""
    seen, reported = {}, set()
    todo = [(p, [p]) for p in sources(root) if p.startswith(tuple(CLIENT))]
    while todo:
        path, trail = todo.pop()
        if path in seen:
            continue
        seen[path] = trail
        for _, quoted, target in includes(root, path):
            if CLIENT_MUST_NOT_REACH.search(target) and target not in reported:
                reported.add(target)
                yield f"the client side reaches {target}: " + " -> ".join(trail + [target])
            elif quoted and os.path.exists(os.path.join(root, target)):
                todo.append((target, trail + [target]))
                source = re.sub(r"\.hpp$", ".cpp", target)
                if source != target and os.path.exists(os.path.join(root, source)):
                    todo.append((source, trail + [source]))


def main(root):
    problems = list(upward_includes(root)) + list(client_reach(root))
    for problem in problems:
        print(problem)
    checked = sum(1 for _ in sources(root))
    print(f"{checked} files checked: {len(problems)} out of layer order")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
                  os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")))
