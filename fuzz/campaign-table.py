#!/usr/bin/env python3
"""Summarise libFuzzer run logs as the fuzzing table of fuzz/README.md.

Usage: fuzz/campaign-table.py LOG...

Each LOG (oldest first) is the output of one libFuzzer run (a run still going counts up to its last status
line) (run-ci.sh keeps it as
BUILD_DIR/fuzz/artifacts/<harness>/run.log); the harness is the last `fuzz_*` name in its path.
Runs of one harness are added up: executions (stat::number_of_executed_units), seconds ("Done
N runs in S second(s)"; for a run stopped by a finding, its executions over its last exec/s), coverage (libFuzzer's `cov:` edges) when its first run had loaded its
corpus (INITED) and at the end of its last run, and findings (inputs libFuzzer wrote as a
crash, leak, timeout or out-of-memory reproducer). Prints a Markdown table and the total.
"""
import re
import sys


def parse(path):
    text = open(path, errors='replace').read()
    execs = re.findall(r'^stat::number_of_executed_units: *(\d+)', text, re.M)
    done = re.findall(r'^Done (\d+) runs in (\d+) second', text, re.M)
    progress = re.findall(r'^#(\d+)\s', text, re.M)  # a run still going: its last status line
    inited = re.search(r'INITED cov: (\d+)', text)
    covs = re.findall(r'\bcov: (\d+)', text)
    count = int(execs[-1]) if execs else int(done[-1][0]) if done else \
        int(progress[-1]) if progress else 0
    rates = re.findall(r'exec/s: (\d+)', text)
    # A run that stopped on a finding prints no "Done": its time from its last rate.
    seconds = int(done[-1][1]) if done else \
        count // int(rates[-1]) if rates and int(rates[-1]) > 0 else 0
    return {
        'execs': count,
        'seconds': seconds,
        'start': int(inited.group(1)) if inited else None,
        'end': int(covs[-1]) if covs else None,
        'findings': len(re.findall(r'Test unit written to \S*/(?:crash|leak|timeout|oom)-',
                                   text)),
    }


def main():
    rows = {}
    for path in sys.argv[1:]:
        names = re.findall(r'fuzz_[a-z0-9_]+', path)
        if not names:
            sys.exit('%s: no harness name in the path' % path)
        run = parse(path)
        row = rows.setdefault(names[-1].rstrip('_'), {'execs': 0, 'seconds': 0, 'start': None,
                                                      'end': None, 'findings': 0, 'runs': 0})
        row['execs'] += run['execs']
        row['seconds'] += run['seconds']
        row['findings'] += run['findings']
        row['runs'] += 1
        if row['start'] is None:
            row['start'] = run['start']
        if run['end'] is not None:
            row['end'] = run['end']
    print('| harness | runs | executions | time | coverage at start | coverage at end | findings |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    total = 0
    for name, r in sorted(rows.items()):
        total += r['execs']
        print('| `%s` | %d | %s | %d min | %s | %s | %d |' % (
            name, r['runs'], format(r['execs'], ','), round(r['seconds'] / 60), r['start'],
            r['end'], r['findings']))
    print('| total | %d | %s | %d min | | | %d |' % (
        sum(r['runs'] for r in rows.values()), format(total, ','),
        round(sum(r['seconds'] for r in rows.values()) / 60),
        sum(r['findings'] for r in rows.values())))


if __name__ == '__main__':
    main()
