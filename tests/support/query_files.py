"""Reads the .test files of tests/queries (format: query/testing/query_file.hpp)
and prints result values the way they write them (query::to_display)."""

import json


def read_query_file(path):
    """Returns (graph, [case]); a case is a dict with line, query, params,
    ordered, error and expected (the lines after ----)."""
    graph, cases = None, []
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or line.startswith("#"):
            continue
        if line.startswith("graph "):
            graph = line[6:]
            continue
        case = {"line": i, "query": [], "params": None, "ordered": line == "query ordered",
                "error": line == "error", "expected": []}
        if line == "statement ok":  # a query that returns nothing (a write)
            while i < len(lines) and lines[i]:
                case["query"].append(lines[i])
                i += 1
            case["query"] = "\n".join(case["query"])
            case["expected"] = [""]
            cases.append(case)
            continue
        assert line in ("query ordered", "query unordered", "error"), f"{path}:{i}: {line}"
        while lines[i] != "----":
            if not case["query"] and lines[i].startswith("params "):
                case["params"] = json.loads(lines[i][7:])
            else:
                case["query"].append(lines[i])
            i += 1
        i += 1
        while i < len(lines) and lines[i]:
            case["expected"].append(lines[i])
            i += 1
        case["query"] = "\n".join(case["query"])
        cases.append(case)
    return graph, cases


def display(value):
    """A JSON result value as query::to_display prints it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "[" + ", ".join(display(v) for v in value) + "]"
    if "labels" in value:
        return "(" + value["key"] + "".join(":" + label for label in value["labels"]) + ")"
    if "type" in value and "start" in value:
        return "[:" + value["type"] + "]"
    return "{" + ", ".join(f"{k}: {display(v)}" for k, v in sorted(value.items())) + "}"
