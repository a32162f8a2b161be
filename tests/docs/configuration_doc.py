#!/usr/bin/env python3
"""docs/configuration.md against the shipped files: every key of config/screentime.toml and
config/limits.toml.example is documented, every documented key is in them, and the documented
defaults are the shipped values. Usage: configuration_doc.py SOURCE_DIR"""
import pathlib
import re
import sys
import tomllib

source = pathlib.Path(sys.argv[1])
failures = []


def documented(section_heading):
    """The table rows under a '## ' heading whose text contains `section_heading`:
    {key: default text}."""
    rows, inside = {}, False
    for line in (source / "docs/configuration.md").read_text().splitlines():
        if line.startswith("## "):
            inside = section_heading in line
        elif inside:
            match = re.match(r"\| `([^`]+)` \| (.*?) \| .+ \|$", line)
            if match:
                rows[match.group(1)] = match.group(2)
    return rows


def flatten(table, prefix=""):
    keys = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            keys.update(flatten(value, key + "."))
        else:
            keys[key] = value
    return keys


def value_of(default_text):
    """A documented default as TOML reads it; None for 'none'."""
    if default_text == "none":
        return None
    return tomllib.loads("v = " + default_text.strip("`"))["v"]


# The user's config: every key is in the shipped file, at its default.
shipped = flatten(tomllib.loads((source / "config/screentime.toml").read_text()))
doc = documented("config.toml")
for key, value in shipped.items():
    if key not in doc:
        failures.append(f"config.toml: {key} is not documented")
    elif value_of(doc[key]) != value:
        failures.append(f"config.toml: {key}: documented default {doc[key]}, shipped {value!r}")
for key in doc.keys() - shipped.keys():
    failures.append(f"config.toml: {key} is documented but not in config/screentime.toml")

# The limits file: its keys, the commented-out ones too, with [defaults] and [user.NAME] as
# LAYER and weekday names as DAY.
example_text = (source / "config/limits.toml.example").read_text()
example = flatten(tomllib.loads(example_text))
section = ""
for line in example_text.splitlines():
    if re.match(r"^\[[^\]]+\]$", line):
        section = line[1:-1]
    commented = re.match(r"^# ([a-z_][a-z_.]*) = (.+?)(\s+#.*)?$", line)
    if commented:
        example.setdefault(f"{section}.{commented.group(1)}", None)


def generalised(key):
    key = re.sub(r'^(defaults|user\.("[^"]+"|[^.]+))\.', "LAYER.", key)
    return re.sub(r"\.weekday\.(mon|tue|wed|thu|fri|sat|sun)\.", ".weekday.DAY.", key)


doc = documented("limits.toml")
seen = set()
for key, value in example.items():
    general = generalised(key)
    seen.add(general)
    if general not in doc:
        failures.append(f"limits.toml: {key} ({general}) is not documented")
    elif value is not None and (key.startswith("general.") or key.startswith("defaults.")):
        if value_of(doc[general]) != value:
            failures.append(f"limits.toml: {key}: documented default {doc[general]}, "
                            f"the example has {value!r}")
for key in doc.keys() - seen:
    failures.append(f"limits.toml: {key} is documented but not in config/limits.toml.example")

for failure in failures:
    print("FAIL:", failure)
print(f"configuration_doc: {len(shipped)} config keys, {len(seen)} limits keys, "
      f"{len(failures)} failures")
sys.exit(1 if failures else 0)
