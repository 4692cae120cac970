"""Fail when the Simplified Chinese catalogue is not complete and current.

    python -m flexperf.core.i18n_check

Exit 1, listing each problem, when the zh_Hans ``django.po``
- has untranslated or fuzzy entries,
- is not what ``django.mo`` holds (the .mo was not recompiled after the .po changed; compared
  by content, since git does not keep file times),
- lacks msgids that ``makemessages`` would extract from the code today (someone added a string
  without translating it). The extraction runs on a temporary copy of the sources, so the
  working tree is never touched.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOCALE = "zh_Hans"
SOURCE = Path(__file__).resolve().parent.parent  # the flexperf package
EXTENSIONS = {".py", ".html", ".txt"}
SKIP_DIRS = {"__pycache__", "migrations", "static", "locale"}
CONTEXT_SEPARATOR = "\x04"  # how gettext keys a msgctxt + msgid pair


@dataclass(frozen=True)
class Entry:
    key: str  # msgid, or "context\x04msgid"
    msgstrs: tuple[str, ...]
    fuzzy: bool

    @property
    def label(self) -> str:
        context, _, msgid = self.key.rpartition(CONTEXT_SEPARATOR)
        return f"[{context}] {msgid}" if context else msgid


def catalogue_path(source: Path = SOURCE) -> Path:
    return source / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries and the header left out)."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        parts: dict[str, list[str]] = {}
        current: str | None = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match:
                current = match.group(1)
                parts.setdefault(current, []).append(match.group(2))
            elif line.startswith('"') and current is not None:
                parts[current].append(line)
        if "msgid" not in parts:
            continue
        text_of = {name: "".join(ast.literal_eval(chunk) for chunk in chunks)
                   for name, chunks in parts.items()}
        msgid = text_of["msgid"]
        if not msgid:
            continue  # the header
        context = text_of.get("msgctxt")
        key = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context is not None else msgid
        msgstrs = tuple(value for name, value in sorted(text_of.items())
                        if name.startswith("msgstr"))
        entries.append(Entry(key, msgstrs, fuzzy))
    return entries


def header_is_fuzzy(text: str) -> bool:
    head = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]
    return any(line.startswith("#,") and "fuzzy" in line for line in head.splitlines())


def catalogue_problems(po_text: str) -> list[str]:
    problems = []
    if header_is_fuzzy(po_text):
        problems.append("the catalogue header is marked fuzzy (msgfmt would skip it)")
    for entry in parse_po(po_text):
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.label!r}")
        elif not entry.msgstrs or not all(entry.msgstrs):
            problems.append(f"untranslated: {entry.label!r}")
    return problems


def _compiled(po: Path, workdir: Path) -> dict[object, str] | str:
    """The catalogue msgfmt makes of `po`, or msgfmt's complaint."""
    target = workdir / "fresh.mo"
    done = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        ["msgfmt", "--check-format", "-o", str(target), str(po)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return done.stderr.strip() or "msgfmt failed"
    return _catalog_of(target)


def _catalog_of(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        catalog: dict[object, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


def compiled_problems(po: Path, workdir: Path) -> list[str]:
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [f"{mo.name} is missing: run `flexperf compilemessages -l {LOCALE}`"]
    fresh = _compiled(po, workdir)
    if isinstance(fresh, str):
        return [f"msgfmt rejects {po.name}: {fresh}"]
    if fresh != _catalog_of(mo):
        return [f"{mo.name} is out of date with {po.name}: run "
                f"`flexperf compilemessages -l {LOCALE}` and commit both"]
    return []


def _copy_sources(source: Path, target: Path) -> None:
    """The files makemessages reads, plus the catalogue it merges into."""
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if any(part in SKIP_DIRS for part in relative.parts[:-1]) or not path.is_file():
            continue
        if path.suffix in EXTENSIONS:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
    po = catalogue_path(source)
    (target / "locale" / LOCALE / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    if po.exists():
        shutil.copy2(po, catalogue_path(target))


@contextmanager
def _settings_for_extraction() -> Iterator[None]:
    """makemessages merges into every LOCALE_PATHS entry it is given: give it none, so only
    the copy's own locale folder is written."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LOCALE_PATHS=[])
        django.setup()
        yield
        return
    saved = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = []
    try:
        yield
    finally:
        settings.LOCALE_PATHS = saved


def extracted_keys(source: Path, workdir: Path) -> set[str]:
    """The msgids makemessages would put in the catalogue for the code as it is now."""
    import os

    from django.core.management import call_command
    from django.core.management.commands.makemessages import Command as MakeMessages

    copy = workdir / "src"
    _copy_sources(source, copy)
    previous = Path.cwd()
    with _settings_for_extraction():
        os.chdir(copy)
        try:
            call_command(MakeMessages(), locale=[LOCALE], no_obsolete=True, no_location=True,
                         ignore_patterns=["migrations/*"], verbosity=0)
        finally:
            os.chdir(previous)
    return {entry.key for entry in parse_po(catalogue_path(copy).read_text(encoding="utf-8"))}


def check(source: Path = SOURCE) -> list[str]:
    po = catalogue_path(source)
    if not po.exists():
        return [f"{po} is missing: run `make messages`"]
    text = po.read_text(encoding="utf-8")
    problems = catalogue_problems(text)
    with tempfile.TemporaryDirectory(prefix="flexperf-i18n-") as tmp:
        workdir = Path(tmp)
        problems += compiled_problems(po, workdir)
        known = {entry.key for entry in parse_po(text)}
        for key in sorted(extracted_keys(source, workdir) - known):
            label = Entry(key, (), False).label
            problems.append(f"not in the catalogue: {label!r} (run `make messages` and "
                            "translate it)")
    return problems


def main(source: Path = SOURCE) -> int:
    problems = check(source)
    if problems:
        print(f"{catalogue_path(source)}: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    count = len(parse_po(catalogue_path(source).read_text(encoding="utf-8")))
    print(f"i18n: {count} messages, all translated into {LOCALE}; django.mo is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
