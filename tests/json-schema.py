#!/usr/bin/env python3
"""Validates hardconf's JSON output against tests/hardconf-json.schema.json.

A small validator for the keywords that schema uses (type, const, enum,
required, properties, items, minimum, minLength, pattern), so the check
needs no package beyond Python itself.
usage: json-schema.py SCHEMA OUTPUT.json
"""
import json
import re
import sys

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def type_ok(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def check(value, schema, where, errors):
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(type_ok(value, n) for n in names):
            errors.append("%s: %r is not %s" % (where, value, types))
            return
    if "const" in schema and value != schema["const"]:
        errors.append("%s: %r is not %r" % (where, value, schema["const"]))
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r not in %r" % (where, value, schema["enum"]))
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s: %s is missing" % (where, key))
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(value[key], sub, where + "." + key, errors)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], "%s[%d]" % (where, i), errors)
    if isinstance(value, int) and not isinstance(value, bool) and "minimum" in schema:
        if value < schema["minimum"]:
            errors.append("%s: %d < %d" % (where, value, schema["minimum"]))
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append("%s: shorter than %d" % (where, schema["minLength"]))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append("%s: %r does not match %s" % (where, value, schema["pattern"]))


def main():
    schema = json.load(open(sys.argv[1]))
    document = json.load(open(sys.argv[2]))
    errors = []
    check(document, schema, "$", errors)
    for e in errors[:20]:
        print("not ok - " + e)
    n = len(document.get("findings", []))
    if errors:
        print("0 passed, 1 failed")
        return 1
    print("ok - JSON output with %d findings matches the schema" % n)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
