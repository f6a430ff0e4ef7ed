#!/usr/bin/env python3
"""Rewrites the trigger-point library's JSON files in one layout: one field per line, short
lists of numbers and shapes on one line, so that a change shows as a readable diff."""
import json
import sys


def compact(value):
    return json.dumps(value, ensure_ascii=False)


def render(value, indent=0):
    pad = "  " * indent
    inner = "  " * (indent + 1)
    one_line = compact(value)
    if not isinstance(value, (dict, list)) or len(one_line) + len(pad) <= 100:
        return one_line
    if isinstance(value, list):
        items = [inner + render(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [inner + compact(k) + ": " + render(v, indent + 1) for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(data) + "\n")
