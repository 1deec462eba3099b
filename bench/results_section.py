#!/usr/bin/env python3
"""Replace one "## ..." section of bench/RESULTS.md, leaving the others.

    results_section.py RESULTS.md "## Indexing (issue 3)" < new-section.md

The section runs from its heading line to the next line starting with
"## " (or the end of the file).  The new text (read from stdin) must start
with the same heading.  A missing section is appended; a missing file is
created with a short title.
"""

import os
import sys


def main():
    path, heading = sys.argv[1], sys.argv[2].rstrip()
    new = sys.stdin.read().rstrip("\n") + "\n"
    if not new.startswith(heading + "\n"):
        sys.exit("results_section: the new text must start with " + heading)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines(keepends=True)
    else:
        lines = ["# dxsearch benchmarks\n", "\n",
                 "Each section is written by the script it names; "
                 "re-run it to update the numbers.\n", "\n"]
    start = next((i for i, l in enumerate(lines)
                  if l.rstrip() == heading), None)
    if start is None:
        if lines and lines[-1].strip():
            lines.append("\n")
        lines.append(new)
    else:
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].startswith("## ")), len(lines))
        tail = lines[end:]
        lines[start:end] = [new] + (["\n"] if tail else [])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("".join(lines))
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
