#!/usr/bin/env python3
"""Trims a Gitea or Forgejo Swagger 2.0 document to what gitea-client's contract test reads.

Usage: trim-openapi.py SOURCE.json TARGET.json

Keeps the document's header (swagger, info with its version, basePath, ...), every path under
/packages/, /version, /settings/api and /repos/{owner}/{repo}, and the responses, parameters and
definitions those reach through "$ref", recursively. Nothing else is changed, so the result still
says exactly what that server version documents for these routes.
"""
import json
import sys

KEEP_PATHS = ("/version", "/settings/api", "/repos/{owner}/{repo}")
HEADER = ("swagger", "info", "basePath", "schemes", "consumes", "produces")


def refs(node, out):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            out.add(tuple(ref[2:].split("/", 1)))
        for value in node.values():
            refs(value, out)
    elif isinstance(node, list):
        for value in node:
            refs(value, out)


def trim(doc):
    paths = {
        p: item
        for p, item in doc["paths"].items()
        if p.startswith("/packages/") or p in KEEP_PATHS
    }
    out = {k: doc[k] for k in HEADER if k in doc}
    out["paths"] = dict(sorted(paths.items()))
    pending = set()
    refs(paths, pending)
    seen = set()
    while pending:
        section, name = pending.pop()
        if (section, name) in seen:
            continue
        seen.add((section, name))
        target = doc[section][name]
        out.setdefault(section, {})[name] = target
        refs(target, pending)
    for section in ("definitions", "parameters", "responses"):
        if section in out:
            out[section] = dict(sorted(out[section].items()))
    return out


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(trim(doc), f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv)
