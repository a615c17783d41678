#!/usr/bin/env python3
"""Data-driven `oso validate` cases: adding a case needs no code.

Layout:  CASES_DIR/<group>/<case>/input.xml   the document
         CASES_DIR/<group>/<case>/args        optional: one line of extra `oso validate` arguments
         CASES_DIR/<group>/<case>/expected    one line per diagnostic, in report order:
                                              RULE SEVERITY LINE:COL PATH
                                              (PATH empty for document-level findings; an empty
                                              file means "valid, no diagnostics")

Usage:   run_cases.py OSO CASES_DIR [GROUP...] [--update]

Runs `OSO validate --format json --lang en ARGS input.xml` in every case directory (of the given
groups, or all), compares the diagnostics exactly with `expected`, prints a unified diff for
every case that differs and exits 1 if any did. The exit status of `oso` must agree with the
verdict (0 valid, 1 invalid). `--update` rewrites the expected files from the actual output
instead, for a human to review (git diff) before committing.
"""
import difflib
import json
import os
import shlex
import subprocess
import sys


def usage():
    sys.stderr.write("usage: run_cases.py OSO CASES_DIR [GROUP...] [--update]\n")
    sys.exit(2)


def diagnostic_line(d):
    return f"{d['rule']} {d['severity']} {d['line']}:{d['column']} {d['path']}".rstrip()


def run_case(oso, case_dir):
    """Returns (lines, problem): the actual expected-file lines, or a problem description."""
    args = []
    args_file = os.path.join(case_dir, "args")
    if os.path.exists(args_file):
        with open(args_file, encoding="utf-8") as f:
            text = f.read().strip()
        if "\n" in text:
            return None, "args must be a single line"
        args = shlex.split(text)
    cmd = [oso, "validate", "--format", "json", "--lang", "en", *args, "input.xml"]
    proc = subprocess.run(cmd, cwd=case_dir, capture_output=True, timeout=120)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode not in (0, 1):
        return None, f"exit status {proc.returncode}\n{err}"
    records = [line for line in out.splitlines() if line.strip()]
    if len(records) != 1:
        return None, f"expected one JSON line, got {len(records)}:\n{out}{err}"
    try:
        record = json.loads(records[0])
    except json.JSONDecodeError as e:
        return None, f"output is not JSON ({e}):\n{records[0]}"
    for key in ("file", "valid", "profile", "diagnostics"):
        if key not in record:
            return None, f"output lacks '{key}': {records[0]}"
    diagnostics = record["diagnostics"]
    for d in diagnostics:
        for key, kind in (("rule", str), ("severity", str), ("path", str), ("line", int),
                          ("column", int), ("message", str)):
            if not isinstance(d.get(key), kind):
                return None, f"diagnostic lacks a valid '{key}': {d}"
        if d["severity"] not in ("error", "warning", "info"):
            return None, f"unknown severity: {d}"
        if not d["message"]:
            return None, f"empty message: {d}"
    errors = sum(1 for d in diagnostics if d["severity"] == "error")
    if record["valid"] != (errors == 0):
        return None, f"'valid' is {record['valid']} with {errors} error(s)"
    if proc.returncode != (0 if errors == 0 else 1):
        return None, f"exit status {proc.returncode} with {errors} error(s)"
    return [diagnostic_line(d) for d in diagnostics], None


def main(argv):
    update = "--update" in argv
    argv = [a for a in argv if a != "--update"]
    if len(argv) < 2:
        usage()
    oso, cases_dir, groups = argv[0], argv[1], argv[2:]
    if os.sep in oso:
        oso = os.path.abspath(oso)  # cases run in their own directory
    if not os.path.isdir(cases_dir):
        sys.stderr.write(f"run_cases.py: no directory {cases_dir}\n")
        return 2
    available = sorted(g for g in os.listdir(cases_dir) if os.path.isdir(os.path.join(cases_dir, g)))
    for g in groups:
        if g not in available:
            sys.stderr.write(f"run_cases.py: no case group '{g}' (have: {', '.join(available)})\n")
            return 2
    failed, passed, updated = [], 0, 0
    for group in groups or available:
        group_dir = os.path.join(cases_dir, group)
        for case in sorted(os.listdir(group_dir)):
            case_dir = os.path.join(group_dir, case)
            if not os.path.isdir(case_dir):
                continue
            name = f"{group}/{case}"
            if not os.path.exists(os.path.join(case_dir, "input.xml")):
                failed.append(name)
                print(f"FAIL {name}: no input.xml")
                continue
            actual, problem = run_case(oso, case_dir)
            if problem is not None:
                failed.append(name)
                print(f"FAIL {name}: {problem}")
                continue
            expected_file = os.path.join(case_dir, "expected")
            if update:
                with open(expected_file, "w", encoding="utf-8") as f:
                    f.write("".join(line + "\n" for line in actual))
                updated += 1
                continue
            if not os.path.exists(expected_file):
                failed.append(name)
                print(f"FAIL {name}: no expected file (create it, or run with --update)")
                continue
            with open(expected_file, encoding="utf-8") as f:
                expected = [line.rstrip() for line in f.read().splitlines()]
            while expected and expected[-1] == "":
                expected.pop()
            if expected != actual:
                failed.append(name)
                print(f"FAIL {name}")
                sys.stdout.writelines(difflib.unified_diff(
                    [line + "\n" for line in expected], [line + "\n" for line in actual],
                    fromfile=f"{name}/expected", tofile=f"{name}/actual"))
            else:
                passed += 1
    if update:
        print(f"{updated} expected file(s) written; review them before committing")
        return 1 if failed else 0
    print(f"{passed} case(s) passed, {len(failed)} failed")
    for name in failed:
        print(f"  failed: {name}")
    if passed + len(failed) == 0:
        print("no cases found")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
