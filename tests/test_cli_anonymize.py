"""`oso anonymize` (doc/anonymize.md): byte-identical output for one seed, the key file, the
verdict of `oso validate` kept, and the exit statuses.

Usage: test_cli_anonymize.py OSO GEN_DOSSIER SAMPLE
"""
import os
import subprocess
import sys
import tempfile

OSO, GEN, SAMPLE = sys.argv[1:4]
failures = []


def run(*args):
    return subprocess.run([OSO] + list(args), capture_output=True)


def anonymize(src, out, *extra):
    r = run("anonymize", *extra, src, "-o", out)
    if r.returncode != run("validate", src).returncode:
        failures.append("anonymize %s %s: %d %s" % (src, extra, r.returncode, r.stderr[:300]))
        return b""
    with open(out, "rb") as f:
        return f.read()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "key")
        with open(key, "wb") as f:
            f.write(bytes(range(32)))
        inputs = [SAMPLE]
        invalid = os.path.join(tmp, "invalid.xml")
        subprocess.run([GEN, "--seed", "5", "--all", "-o", invalid], check=True)
        inputs.append(invalid)
        for seed in (1, 2):
            path = os.path.join(tmp, "gen%d.xml" % seed)
            subprocess.run([GEN, "--seed", str(seed), "--profile", "OV-POVO", "-o", path], check=True)
            inputs.append(path)
        for src in inputs:
            a = anonymize(src, os.path.join(tmp, "a.xml"), "--seed", "3")
            b = anonymize(src, os.path.join(tmp, "b.xml"), "--seed", "3")
            c = anonymize(src, os.path.join(tmp, "c.xml"), "--seed", "4")
            k1 = anonymize(src, os.path.join(tmp, "k1.xml"), "--seed", "1", "--key-file", key)
            k2 = anonymize(src, os.path.join(tmp, "k2.xml"), "--seed", "2", "--key-file", key)
            if a != b:
                failures.append("%s: two runs with --seed 3 differ" % src)
            if a == c:
                failures.append("%s: --seed 3 and --seed 4 give the same output" % src)
            if k1 != k2 or k1 == a:
                failures.append("%s: the key file does not decide the output" % src)
            with open(src, "rb") as f:
                if a == f.read():
                    failures.append("%s: output equals input" % src)
            before = run("validate", "--format", "json", src)
            after = run("validate", "--format", "json", os.path.join(tmp, "a.xml"))
            if before.returncode != after.returncode:
                failures.append("%s: validate exit %d before, %d after" % (src, before.returncode, after.returncode))
            stdout = run("anonymize", "--seed", "3", src, "-o", "-")
            if stdout.returncode != before.returncode or stdout.stdout != a:
                failures.append("%s: -o - differs from the file output" % src)
        for args in (["anonymize", SAMPLE], ["anonymize", "--seed", "x", SAMPLE, "-o", "-"],
                     ["anonymize", "--seed", "-1", SAMPLE, "-o", "-"],
                     ["anonymize", os.path.join(tmp, "missing.xml"), "-o", "-"],
                     ["anonymize", "--key-file", os.path.join(tmp, "nokey"), SAMPLE, "-o", "-"]):
            r = run(*args)
            if r.returncode != 2 or not r.stderr:
                failures.append("%s: exit %d, expected 2 with a message" % (" ".join(args), r.returncode))
        r = run("anonymize", "--help")
        if r.returncode != 0 or b"usage: oso anonymize" not in r.stdout:
            failures.append("anonymize --help")
    for f in failures:
        print("FAIL", f)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
