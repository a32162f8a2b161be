#!/usr/bin/env python3
"""The man pages against what they document, so that a new command, option or key cannot ship
undocumented:
- screentimectl(1): every command of screentimectl's command table (`screentimectl completion
  json`) has an entry under COMMANDS, a line that starts with the command in bold; the entry
  names each of its options in bold, each positional as _NAME_ and each choice of a value;
  every option of the program itself is under OPTIONS; no entry names a command that is gone.
- screentimed(8): every option `screentimed --help` lists is under OPTIONS, and none more.
- screentime.toml(5) and screentime-limits.toml(5), as built: every key of config/screentime.toml
  and every key docs/configuration.md gives the limits file (configuration_doc checks those
  against the shipped files).
- every page renders with groff without a warning.
Usage: man_pages.py SOURCE_DIR MAN_BUILD_DIR SCREENTIMECTL SCREENTIMED"""
import json
import pathlib
import re
import subprocess
import sys
import tomllib

source, built = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
sys.dont_write_bytecode = True  # nothing written into the source folder
sys.path.insert(0, str(source / "docs/man"))
from config_page import reference_rows  # noqa: E402 (found through the source folder)
screentimectl, screentimed = sys.argv[3], sys.argv[4]
english = {"LC_ALL": "C", "PATH": "/usr/bin:/bin"}
failures = []


def sections(scd_text):
    """{section heading: its lines}."""
    found, current = {}, None
    for line in scd_text.splitlines():
        if line.startswith("# "):
            current = line[2:].strip()
            found[current] = []
        elif current:
            found[current].append(line)
    return found


def entries(lines):
    """The entries of a section: {first line: the first line and its indented text}."""
    found, current = {}, None
    for line in lines:
        if line.startswith("*"):
            current = line
            found[current] = line + "\n"
        elif current and (line.startswith("\t") or not line):
            found[current] += line + "\n"
        else:
            current = None
    return found


def option_names(text):
    return set(re.findall(r"\*(--?[a-z][a-z-]*)\*", text))


# screentimectl(1) against the command table.
tree = json.loads(subprocess.run([screentimectl, "completion", "json"], check=True,
                                 capture_output=True, text=True, env=english).stdout)
page = sections((source / "docs/man/screentimectl.1.scd").read_text())
commands = entries(page.get("COMMANDS", []))
documented_paths = set()
for first_line in commands:
    match = re.match(r"\*([a-z][a-z -]*)\*", first_line)
    if match:
        documented_paths.add(match.group(1))


def check_options(where, text, options):
    for option in options:
        if "--help" in option["names"]:
            continue
        longest = max(option["names"], key=len)
        if f"*{longest}*" not in text:
            failures.append(f"screentimectl(1): {where}: {longest} is not documented")
        for choice in option["choices"]:
            if not re.search(rf"\*{re.escape(choice)}\*", text):
                failures.append(f"screentimectl(1): {where}: {longest}'s value {choice} is not "
                                "documented")


def walk(node, path):
    for sub in node["subcommands"]:
        sub_path = f"{path} {sub['name']}".strip()
        entry = next((text for line, text in commands.items()
                      if line.startswith(f"*{sub_path}*")), None)
        if entry is None:
            failures.append(f"screentimectl(1): the command '{sub_path}' has no entry under "
                            "COMMANDS")
        else:
            check_options(sub_path, entry, sub["options"])
            for positional in sub["positionals"]:
                if f"_{positional['name'].upper()}_" not in entry:
                    failures.append(f"screentimectl(1): {sub_path}: _{positional['name'].upper()}_"
                                    " is not documented")
                for choice in positional["choices"]:
                    # weekday.mon.daily … weekday.sun.daily: *weekday.DAY.daily* and the days
                    day = re.match(r"weekday\.(mon|tue|wed|thu|fri|sat|sun)\.(.+)", choice)
                    if day and f"*weekday.DAY.{day.group(2)}*" in entry and \
                            f"*{day.group(1)}*" in entry:
                        continue
                    if f"*{choice}*" not in entry:
                        failures.append(f"screentimectl(1): {sub_path}: the value {choice} is "
                                        "not documented")
        documented_paths.discard(sub_path)
        walk(sub, sub_path)


walk(tree, "")
check_options("OPTIONS", "\n".join(page.get("OPTIONS", [])), tree["options"])
for path in sorted(documented_paths):
    failures.append(f"screentimectl(1): '{path}' is documented but is no command")
commands_checked = len(commands)

# screentimed(8) against its --help.
help_text = subprocess.run([screentimed, "--help"], check=True, capture_output=True, text=True,
                           env=english).stdout
options_in_help = set()
for line in help_text.splitlines():
    match = re.match(r"^\s+((?:-[a-zA-Z],)?--[a-z][a-z-]*|-[a-zA-Z])", line)
    if match:
        options_in_help.update(match.group(1).split(","))
page = sections((source / "docs/man/screentimed.8.scd").read_text())
documented = set()
for first_line in entries(page.get("OPTIONS", [])):
    documented |= option_names(first_line)
for name in sorted(options_in_help - documented):
    failures.append(f"screentimed(8): {name} is not documented")
for name in sorted(documented - options_in_help):
    failures.append(f"screentimed(8): {name} is documented but not an option")
if len(options_in_help) < 10:
    failures.append(f"screentimed --help listed only {sorted(options_in_help)}")


# The config pages as built.
def flatten(table, prefix=""):
    keys = []
    for name, value in table.items():
        keys += flatten(value, f"{prefix}{name}.") if isinstance(value, dict) else [prefix + name]
    return keys


def rendered(name):
    return subprocess.run(["groff", "-man", "-Tutf8", "-P-cbou", "-rLL=200n", built / name],
                          check=True, capture_output=True, text=True, env=english).stdout


config_page = rendered("screentime.toml.5")
config_keys = flatten(tomllib.loads((source / "config/screentime.toml").read_text()))
for key in config_keys:
    if not re.search(rf"^\s+{re.escape(key)} \(default:", config_page, re.M):
        failures.append(f"screentime.toml(5): {key} is not documented")
limits_page = rendered("screentime-limits.toml.5")
limits_keys = [key for key, _, _ in
               reference_rows(source / "docs/configuration.md", "limits.toml")]
for key in limits_keys:
    if not re.search(rf"^\s+{re.escape(key)} \(default:", limits_page, re.M):
        failures.append(f"screentime-limits.toml(5): {key} is not documented")

for page in sorted(built.glob("*.[158]")):
    warnings = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", page],
                              capture_output=True, text=True, env=english).stderr
    if warnings:
        failures.append(f"{page.name}: groff warns: {warnings.strip()}")

for failure in failures:
    print("FAIL:", failure)
print(f"man_pages: {commands_checked} command entries, {len(options_in_help)} screentimed "
      f"options, {len(config_keys)} config keys, {len(limits_keys)} limits keys, "
      f"{len(failures)} failures")
sys.exit(1 if failures else 0)
