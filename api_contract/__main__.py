"""`python -m api_contract`: write openapi.json from the models; `--check` fails when it has drifted."""

import argparse
import sys

from api_contract.openapi import SPEC_PATH, build_openapi, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api_contract", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if openapi.json differs from the models")
    args = parser.parse_args(argv)
    wanted = render(build_openapi())
    if args.check:
        current = SPEC_PATH.read_text(encoding="utf-8") if SPEC_PATH.exists() else ""
        if current != wanted:
            print(f"{SPEC_PATH.name} is out of date: run `make openapi` and commit it", file=sys.stderr)
            return 1
        print(f"{SPEC_PATH.name} matches the models")
        return 0
    SPEC_PATH.write_text(wanted, encoding="utf-8")
    print(f"wrote {SPEC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
