"""`python -m flexperf.core.i18n_check` on a small source tree of its own: silent when every
string is translated and compiled, and naming each problem otherwise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from flexperf.core import i18n_check

PO_HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hans\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
'''
ENTRIES = '''
msgid "Hello"
msgstr "你好"

msgctxt "object"
msgid "Name"
msgstr "名称"

msgid "Bye"
msgstr "再见"

#, python-format
msgid "%(n)s person"
msgid_plural "%(n)s people"
msgstr[0] "%(n)s 人"
'''


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    source = tmp_path / "pkg"
    (source / "templates").mkdir(parents=True)
    (source / "views.py").write_text(
        "from django.utils.translation import gettext as _, pgettext\n"
        "TEXTS = [_('Hello'), pgettext('object', 'Name')]\n", encoding="utf-8")
    (source / "templates" / "page.html").write_text(
        "{% load i18n %}{% translate 'Bye' %}"
        "{% blocktranslate count n=3 %}{{ n }} person{% plural %}{{ n }} people"
        "{% endblocktranslate %}", encoding="utf-8")
    po = i18n_check.catalogue_path(source)
    po.parent.mkdir(parents=True)
    po.write_text(PO_HEADER + ENTRIES, encoding="utf-8")
    _compile(po)
    return source


def _compile(po: Path) -> None:
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def test_a_complete_and_compiled_catalogue_passes(tree: Path, capsys: pytest.CaptureFixture[str]
                                                  ) -> None:
    assert i18n_check.check(tree) == []
    assert i18n_check.main(tree) == 0
    assert capsys.readouterr().out == (
        "i18n: 4 messages, all translated into zh_Hans; django.mo is current\n")


def test_a_string_missing_from_the_catalogue_is_named(tree: Path) -> None:
    (tree / "templates" / "new.html").write_text(
        "{% load i18n %}{% translate 'Brand new' %}", encoding="utf-8")
    (tree / "forms.py").write_text(
        "from django.utils.translation import pgettext_lazy\n"
        "LABEL = pgettext_lazy('reporting line', 'Manager')\n", encoding="utf-8")
    assert i18n_check.check(tree) == [
        "not in the catalogue: 'Brand new' (run `make messages` and translate it)",
        "not in the catalogue: '[reporting line] Manager' (run `make messages` and "
        "translate it)",
    ]


def test_untranslated_and_fuzzy_entries_are_named(tree: Path) -> None:
    po = i18n_check.catalogue_path(tree)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "再见"', 'msgstr ""')
    text = text.replace('msgid "Hello"', '#, fuzzy\nmsgid "Hello"')
    po.write_text(text, encoding="utf-8")
    _compile(po)
    assert i18n_check.check(tree) == ["fuzzy: 'Hello'", "untranslated: 'Bye'"]


def test_an_untranslated_plural_form_is_named(tree: Path) -> None:
    po = i18n_check.catalogue_path(tree)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr[0] "%(n)s 人"', 'msgstr[0] ""'),
                  encoding="utf-8")
    _compile(po)
    assert i18n_check.check(tree) == ["untranslated: '%(n)s person'"]


def test_a_mo_that_was_not_recompiled_is_named(tree: Path) -> None:
    po = i18n_check.catalogue_path(tree)
    po.write_text(po.read_text(encoding="utf-8").replace("再见", "回头见"), encoding="utf-8")
    assert i18n_check.check(tree) == [
        "django.mo is out of date with django.po: run `flexperf compilemessages -l zh_Hans` "
        "and commit both"]
    po.with_suffix(".mo").unlink()
    assert i18n_check.check(tree) == [
        "django.mo is missing: run `flexperf compilemessages -l zh_Hans`"]


def test_main_lists_the_problems_and_exits_1(tree: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "more.py").write_text("from django.utils.translation import gettext as _\n"
                                  "X = _('Another')\n", encoding="utf-8")
    assert i18n_check.main(tree) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{i18n_check.catalogue_path(tree)}: 1 problem(s)",
                   "  not in the catalogue: 'Another' (run `make messages` and translate it)"]


def test_the_check_never_writes_into_the_tree_it_checks(tree: Path) -> None:
    (tree / "more.py").write_text("from django.utils.translation import gettext as _\n"
                                  "X = _('Another')\n", encoding="utf-8")
    po = i18n_check.catalogue_path(tree)
    before = po.read_bytes()
    i18n_check.check(tree)
    assert po.read_bytes() == before
    assert sorted(p.name for p in po.parent.iterdir()) == ["django.mo", "django.po"]
