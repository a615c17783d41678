#!/usr/bin/env python3
"""Compile Java sources and package them as a jar (used by meson; no Maven or Gradle).

Usage: build_jar.py JAVAC JAR OUTPUT.jar CLASSES_DIR CLASSPATH SOURCE.java...

Compiles for Java 17 with every lint warning enabled and treated as an error.
"""

import os
import shutil
import subprocess
import sys


def main() -> int:
    javac, jar, output, classes, classpath, *sources = sys.argv[1:]
    shutil.rmtree(classes, ignore_errors=True)
    os.makedirs(classes)
    cmd = [javac, "--release", "17", "-encoding", "UTF-8", "-Xlint:all", "-Werror",
           "-d", classes]
    if classpath:
        cmd += ["-cp", classpath]
    result = subprocess.run(cmd + sources)
    if result.returncode != 0:
        return result.returncode
    if os.path.exists(output):
        os.remove(output)
    return subprocess.run([jar, "--create", "--file", output, "-C", classes, "."]).returncode


if __name__ == "__main__":
    sys.exit(main())
