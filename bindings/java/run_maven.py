#!/usr/bin/env python3
"""Run Debian's Maven offline for the meson build, without writing outside the build tree.

Usage: run_maven.py LOCAL_REPO SYSTEM_REPO MVN ARG...

Maven has one local repository, and `mvn install` writes into it; the system's
(/usr/share/maven-repo, filled by Debian's libjna-java, junit4 and maven plugin packages) must
stay untouched. So LOCAL_REPO is made a folder of symbolic links to the top-level entries of
SYSTEM_REPO, except `nl` (this project's group nl.oso, which the build installs there itself),
and Maven runs with `-o -Dmaven.repo.local=LOCAL_REPO`.
"""

import os
import subprocess
import sys

OWN_TOP_LEVEL = "nl"


def link_system_repository(local: str, system: str) -> None:
    os.makedirs(local, exist_ok=True)
    for name in sorted(os.listdir(system)):
        if name == OWN_TOP_LEVEL:
            continue
        link = os.path.join(local, name)
        target = os.path.join(system, name)
        if os.path.islink(link) and os.readlink(link) == target:
            continue
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(target, link)


def main() -> int:
    local, system, mvn, *args = sys.argv[1:]
    if not os.path.isdir(system):
        print(f"run_maven.py: {system} not found (Debian: libjna-java junit4 and the maven "
              "plugin packages of .ci/packages)", file=sys.stderr)
        return 1
    link_system_repository(local, system)
    return subprocess.run([mvn, "-o", "-q", "-B", "-Dstyle.color=never",
                           f"-Dmaven.repo.local={local}"] + args).returncode


if __name__ == "__main__":
    sys.exit(main())
