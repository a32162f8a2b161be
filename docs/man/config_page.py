#!/usr/bin/env python3
"""Writes a config file's man page: TEMPLATE with @KEYS@ replaced by every key of the tables
under the docs/configuration.md heading that names FILE, so the man page and the reference
never differ. Usage: config_page.py TEMPLATE CONFIGURATION_MD FILE OUTPUT"""
import pathlib
import re
import sys


def reference_rows(reference, file_name):
    """The (key, default, meaning) rows of the tables under the heading that names
    `file_name`, as Markdown. tests/docs/man_pages.py reads the keys with it too."""
    rows, inside = [], False
    for line in pathlib.Path(reference).read_text().splitlines():
        if line.startswith("## "):
            inside = f"`{file_name}`" in line
            continue
        row = re.match(r"\| `([^`]+)` \| (.*?) \| (.+) \|$", line) if inside else None
        if row:
            rows.append(row.groups())
    return rows


def scdoc(markdown):
    """A table cell's Markdown as scdoc: code bold, links as their text, stars escaped."""
    parts = re.split(r"(`[^`]*`)", markdown)
    text = ""
    for part in parts:
        if part.startswith("`"):
            text += "*" + part[1:-1].replace("*", "\\*") + "*"
        else:
            part = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", part)
            text += part.replace("*", "\\*")
    return text


def main(template, reference, file_name, output):
    entries = []
    for key, default, meaning in reference_rows(reference, file_name):
        default = "none" if default == "none" else scdoc(default)
        entries.append(f"*{key}* (default: {default})\n\t{scdoc(meaning)}\n")
    if not entries:
        sys.exit(f"config_page.py: no keys for {file_name} in {reference}")
    page = pathlib.Path(template).read_text()
    if "@KEYS@" not in page:
        sys.exit(f"config_page.py: {template} has no @KEYS@")
    pathlib.Path(output).write_text(page.replace("@KEYS@", "\n".join(entries).rstrip("\n")))


if __name__ == "__main__":
    main(*sys.argv[1:5])
