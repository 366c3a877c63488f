"""Make a big folder of report variants for benchmarking the bulk run (never commit its output).

    python tests/make_variants.py /tmp/jixiao-bench --copies 4

Every corpus report and form is copied `copies` times into sub-folders: text
files get one number changed and are re-encoded in turn as UTF-8, GB18030 and
UTF-16; PDFs get a trailing comment (new bytes, same content); DOCX and XLSX are
copied under a new name. Deterministic for a given seed, so runs compare.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus" / "reports", ROOT / "corpus" / "forms"]
TEXT = {".txt", ".md", ".html"}
BINARY = {".pdf", ".docx", ".xlsx"}
ENCODINGS = ("utf-8", "gb18030", "utf-16")
NUMBER = re.compile(r"(?<![\d.])\d+\.\d+")


def read_text(path: Path) -> str:
    """The corpus holds UTF-8, UTF-16 (with BOM) and GB18030 text."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def vary_text(text: str, rng: random.Random) -> str:
    """Change the last digit of one decimal number: a plausible typo for the rules to find."""
    matches = list(NUMBER.finditer(text))
    if not matches:
        return text + "\n"
    m = rng.choice(matches)
    old = m.group()
    new = old[:-1] + str((int(old[-1]) + rng.randint(1, 9)) % 10)
    return text[: m.start()] + new + text[m.end() :]


def make_variants(dest: Path, copies: int, seed: int = 2024) -> list[Path]:
    """Write the variants under `dest` (emptied first) and return their paths."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    originals = sorted(
        p
        for src in SOURCES
        for p in src.rglob("*")
        if p.is_file() and p.suffix.lower() in TEXT | BINARY and not p.stem.isupper()
    )  # README.md, SOURCES.md are notes about the corpus, not reports
    written = []
    for copy in range(copies):
        folder = dest / f"batch{copy:02d}"
        for n, original in enumerate(originals):
            suffix = original.suffix.lower()
            target = folder / original.parent.name / f"{original.stem}_v{copy}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            if suffix in TEXT:
                text = vary_text(read_text(original), rng)
                encoding = ENCODINGS[(copy + n) % 3] if suffix == ".txt" else "utf-8"
                target.write_bytes(text.encode(encoding))
            elif suffix == ".pdf":
                target.write_bytes(original.read_bytes() + f"\n%variant {copy}\n".encode())
            else:
                shutil.copy(original, target)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    files = make_variants(args.dest, args.copies, args.seed)
    print(f"{len(files)} files under {args.dest}")


if __name__ == "__main__":
    main()
