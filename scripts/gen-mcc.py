#!/usr/bin/env python3
"""Generate the domain crate's category taxonomy and MCC table from the MX seed.

Usage: scripts/gen-mcc.py [SEED]

SEED defaults to ../shared/seeds/001_14ba16e43cc6fd8d.txt relative to the repo
root; a relative SEED given on the command line is taken relative to the
current directory. Writes (relative to the repo root):

  crates/domain/data/categories.tsv  top_level_name<TAB>sub_name (sub empty for
                                     top-level rows), seed order, plus
                                     "Electronics & Software" under Shopping.
  crates/domain/data/mcc.tsv         code<TAB>MX category<TAB>merchant description

The MCC rows are split by longest-prefix matching against the category names,
exactly as the extraction script in spec section 5.2 does.
"""

import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SEED = os.path.join(REPO_ROOT, "..", "shared", "seeds", "001_14ba16e43cc6fd8d.txt")
OUT_DIR = os.path.join(REPO_ROOT, "crates", "domain", "data")

# 0-based slices into the seed's lines (spec section 5).
CATEGORY_LINES = slice(8264, 8382)  # 1-based L8265..L8382: "* Top" / "  * Sub"
MCC_HEADER_LINE = 8385  # 1-based L8386
MCC_LINES = slice(8386, 8682)  # 1-based L8387..L8682

EXTRA_PARENT = "Shopping"
EXTRA_SUB = "Electronics & Software"

EXPECTED_TOP = 21
EXPECTED_SUB = 97
EXPECTED_MCC_ROWS = 296


def fail(message):
    sys.exit(f"gen-mcc.py: {message}")


def parse_categories(lines):
    """Returns [(top, sub_or_empty)] in seed order, with the extra sub appended."""
    rows = []
    top = None
    for number, line in enumerate(lines, start=CATEGORY_LINES.start + 1):
        if not line.strip():
            continue
        if line.startswith("* "):
            top = line[2:].strip()
            rows.append((top, ""))
        elif line.startswith("  * "):
            if top is None:
                fail(f"L{number}: sub-category before any top-level category")
            rows.append((top, line[4:].strip()))
        else:
            fail(f"L{number}: unexpected category line {line!r}")

    # Electronics & Software is used only by the MCC table; put it last under Shopping.
    last_shopping = max(
        (i for i, (t, _) in enumerate(rows) if t == EXTRA_PARENT), default=None
    )
    if last_shopping is None:
        fail(f"no {EXTRA_PARENT!r} category in the seed")
    rows.insert(last_shopping + 1, (EXTRA_PARENT, EXTRA_SUB))

    tops = sum(1 for _, s in rows if not s)
    subs = len(rows) - tops
    if tops != EXPECTED_TOP or subs != EXPECTED_SUB + 1:
        fail(f"expected {EXPECTED_TOP} top-level and {EXPECTED_SUB + 1} sub rows, got {tops} and {subs}")
    return rows


def parse_mcc(lines, rows):
    # Same as the spec's script: every "* " name plus Electronics & Software,
    # longest first (stable sort).
    cats = [sub or top for top, sub in rows]
    cats.sort(key=len, reverse=True)
    out = []
    for number, line in enumerate(lines, start=MCC_LINES.start + 1):
        match = re.match(r"^(\d+) (.*)$", line)
        if not match:
            fail(f"L{number}: not an MCC row: {line!r}")
        code, rest = match.groups()
        cat = next((c for c in cats if rest.startswith(c + " ")), None)
        if cat is None:
            fail(f"L{number}: no category prefix in {line!r}")
        description = rest[len(cat) + 1 :]
        if "\t" in description:
            fail(f"L{number}: tab in description")
        out.append((code, cat, description))
    if len(out) != EXPECTED_MCC_ROWS:
        fail(f"expected {EXPECTED_MCC_ROWS} MCC rows, got {len(out)}")
    codes = [int(code) for code, _, _ in out]
    if len(set(codes)) != len(codes):
        fail("duplicate MCC codes")
    return out


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")


def main():
    seed = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SEED
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")

    if lines[MCC_HEADER_LINE] != "Merchant category code MX category Merchant category":
        fail(f"L{MCC_HEADER_LINE + 1} is not the MCC column header: {lines[MCC_HEADER_LINE]!r}")

    categories = parse_categories(lines[CATEGORY_LINES])
    mcc = parse_mcc(lines[MCC_LINES], categories)

    os.makedirs(OUT_DIR, exist_ok=True)
    write_tsv(os.path.join(OUT_DIR, "categories.tsv"), categories)
    write_tsv(os.path.join(OUT_DIR, "mcc.tsv"), mcc)
    print(f"categories.tsv: {len(categories)} rows; mcc.tsv: {len(mcc)} rows")


if __name__ == "__main__":
    main()
