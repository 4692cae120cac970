"""Helpers for page tests: read a rendered page as a small element tree, so assertions can name
exactly which list holds which people instead of searching the whole HTML for a word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag == "br":
                    parts.append(" ")
                else:
                    walk(child)

        walk(self)
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None,
                 **attrs: str | bool) -> list[Node]:
        """Descendants matching the tag, a class, and attributes (`data_x="1"` means data-x;
        True means present)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        found: list[Node] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, Node):
                    if ((tag is None or child.tag == tag)
                            and (cls is None or cls in child.classes())
                            and all((name in child.attrs) if value is True
                                    else child.attrs.get(name) == value
                                    for name, value in wanted.items())):
                        found.append(child)
                    walk(child)

        walk(self)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag or ''}.{cls or ''} {attrs}, found {len(found)}"
        return found[0]

    def texts(self, tag: str | None = None, cls: str | None = None,
              **attrs: str | bool) -> list[str]:
        return [node.text for node in self.find_all(tag, cls, **attrs)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str | bytes) -> Node:
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def page(response: HttpResponse, status: int = 200) -> Node:
    assert response.status_code == status, (response.status_code, response.content[:500])
    return parse(response.content)


def field_errors(root: Node) -> dict[str, list[str]]:
    """{field name: its error messages} as the form shows them under each field."""
    errors: dict[str, list[str]] = {}
    for node in root.find_all("p", cls="error"):
        name = node.attrs["id"].removeprefix("id_").removesuffix("-error")
        errors.setdefault(name, []).append(node.text)
    return errors


def card_names(root: Node, container_id: str) -> list[str]:
    """Names on the person cards inside the element with this id."""
    return root.one(id=container_id).texts(cls="person-card-name")
