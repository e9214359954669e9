"""Run the benchmarks: ``python -m bench`` runs all, ``python -m bench wilayah`` only that one.

Prints one table per benchmark with each figure, its same-run baseline, the ratio between them
and the target; writes ``bench/results/<name>.json``. Exits 1 when a figure misses its target,
so CI can run it as a gate.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback

from rich.console import Console
from rich.table import Table

import bench
from bench.common import Figure, format_value, write_results

PREFIX = "bench_"


def discover(selected: list[str]) -> list[str]:
    """Short names (``wilayah`` for ``bench_wilayah``) of the benchmarks to run, sorted."""
    names = sorted(
        m.name[len(PREFIX) :]
        for m in pkgutil.iter_modules(bench.__path__)
        if m.name.startswith(PREFIX)
    )
    if not selected:
        return names
    unknown = [s for s in selected if not any(s in n for n in names)]
    if unknown:
        raise SystemExit(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}"
        )
    return [n for n in names if any(s in n for s in selected)]


def render(name: str, figures: list[Figure]) -> Table:
    table = Table(title=f"bench {name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("baseline")
    table.add_column("baseline value", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target")
    table.add_column("ok")
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        ok = {True: "[green]yes[/]", False: "[red]NO[/]", None: "-"}[f.passed]
        table.add_row(
            f.name,
            format_value(f.value, f.unit),
            f.baseline_name or "-",
            format_value(f.baseline_value, f.unit),
            ratio,
            f.target or "-",
            ok,
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (substring of the name)")
    args = parser.parse_args(argv)
    # Wide enough for the table when the output goes to a log file (rich assumes 80 there).
    console = Console(width=None if sys.stdout.isatty() else 132)
    failed: list[str] = []
    for name in discover(args.names):
        console.rule(f"bench {name}")
        module = importlib.import_module(f"bench.{PREFIX}{name}")
        try:
            figures = module.run()
        except Exception:
            console.print(traceback.format_exc())
            failed.append(f"{name} (crashed)")
            continue
        console.print(render(name, figures))
        for f in figures:
            if f.note:
                console.print(f"  {f.name}: {f.note}")
        path = write_results(name, figures)
        console.print(f"  -> {path.relative_to(bench.common.REPO)}")
        failed += [f"{name}: {f.name}" for f in figures if f.passed is False]
    if failed:
        console.print("[red]missed:[/] " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
