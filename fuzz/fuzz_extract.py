"""Fuzz `extractor.extract` (and the rules after it) for a set time.

    python -m fuzz.fuzz_extract --seconds 300

With atheris (the `fuzz` extra) the search is coverage-guided over extractor,
pdfminer and pdfplumber, starting from the seeds of fuzz/seeds.py and every
earlier crash in fuzz/crashes/; a crashing input is written to
out/fuzz-artifacts/. Without atheris, a plain mutation loop (bit flips, byte
insertions and deletions, splices between seeds) runs the same target.
Keep each crash worth keeping in fuzz/crashes/ (tests/test_bad_inputs.py
replays them all).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRASHES = HERE / "crashes"
ARTIFACTS = HERE.parent / "out" / "fuzz-artifacts"  # out/ is not committed


KINDS: tuple[str, ...] = ()  # file kinds to seed with (--kinds); all when empty


def _seeds(folder: Path) -> list[Path]:
    from .seeds import write_seeds
    from .target import decode

    seeds = [*write_seeds(folder), *sorted(CRASHES.glob("*"))]
    return [p for p in seeds if not KINDS or decode(p.read_bytes())[0] in KINDS]


def run_atheris(seconds: int, extra: list[str]) -> None:
    import atheris

    # Only modules imported inside this block are instrumented: import the lazy ones too.
    with atheris.instrument_imports(include=["extractor", "rules", "pdfminer", "pdfplumber"]):
        import pdfminer.pdfdocument
        import pdfminer.pdfinterp  # noqa: F401
        import pdfplumber  # noqa: F401

        import extractor.html
        import extractor.pdf  # noqa: F401

        from .target import check_input

    work = Path(tempfile.mkdtemp(prefix="jixiao-fuzz-corpus-"))
    seed_dir = work / "seeds"
    seed_dir.mkdir()
    for i, path in enumerate(_seeds(seed_dir / "made")):
        (seed_dir / f"{i:03d}-{path.name}").write_bytes(path.read_bytes())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        "-timeout=60",
        "-rss_limit_mb=4096",
        "-max_len=16384",
        "-print_final_stats=1",
        f"-artifact_prefix={ARTIFACTS}/",
        *extra,
        str(work / "corpus"),
        str(seed_dir),
    ]
    (work / "corpus").mkdir()
    atheris.Setup(args, check_input)
    atheris.Fuzz()


def mutate(data: bytes, others: list[bytes], rnd: random.Random) -> bytes:
    """One random edit: flip, insert, delete, duplicate a span, or splice with another input."""
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.randrange(5)
        at = rnd.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << rnd.randrange(8)
        elif op == 1:
            buf[at:at] = bytes([rnd.randrange(256)]) * rnd.randint(1, 4)
        elif op == 2:
            del buf[at : at + rnd.randint(1, 64)]
        elif op == 3 and buf:
            span = buf[at : at + rnd.randint(1, 256)]
            buf[at:at] = span * rnd.randint(1, 4)
        elif others:
            other = rnd.choice(others)
            cut = rnd.randrange(len(other) + 1)
            buf = buf[:at] + bytearray(other[cut:])
    return bytes(buf[:16384])


def run_fallback(seconds: int, seed: int) -> None:
    """A mutation loop without coverage feedback, for machines where atheris does not install."""
    from .target import check_input

    with tempfile.TemporaryDirectory() as tmp:
        pool = [p.read_bytes() for p in _seeds(Path(tmp))]
    rnd = random.Random(seed)
    deadline = time.monotonic() + seconds
    tried = 0
    while time.monotonic() < deadline:
        data = mutate(rnd.choice(pool), pool, rnd)
        tried += 1
        try:
            check_input(data)
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            path = ARTIFACTS / f"crash-{tried}"
            path.write_bytes(data)
            print(f"crash after {tried} inputs, written to {path}", file=sys.stderr)
            raise
    print(f"fuzz: {tried} inputs in {seconds} s, no crash")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0, help="fallback loop only")
    parser.add_argument("--no-atheris", action="store_true", help="use the plain mutation loop")
    parser.add_argument("--kinds", default="", help="seed only these kinds, e.g. txt,md,html")
    args, extra = parser.parse_known_args()
    global KINDS
    KINDS = tuple(f".{k.strip('.')}" for k in args.kinds.split(",") if k)
    try:
        import atheris  # noqa: F401

        have_atheris = not args.no_atheris
    except ImportError:
        have_atheris = False
    if have_atheris:
        run_atheris(args.seconds, extra)
    else:
        run_fallback(args.seconds, args.seed)


if __name__ == "__main__":
    main()
