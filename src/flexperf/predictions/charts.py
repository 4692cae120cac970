"""The reliability diagram of a model card as inline SVG (no script, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

SIZE = 240
PAD = 32


def reliability_svg(points: Sequence[dict[str, float]]) -> SafeString:
    """Predicted (x) against observed (y), 0–1 on both axes, the diagonal as perfect
    calibration, one dot per bin sized by its rows."""
    inner = SIZE - 2 * PAD

    def px(v: float) -> float:
        return round(PAD + v * inner, 1)

    def py(v: float) -> float:
        return round(SIZE - PAD - v * inner, 1)

    largest = max((p["n"] for p in points), default=1.0) or 1.0
    path = " ".join(f"{'M' if i == 0 else 'L'}{px(p['predicted'])},{py(p['observed'])}"
                    for i, p in enumerate(points))
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="{}" class="dot"><title>{}</title>'
                                "</circle>",
                            ((px(p["predicted"]), py(p["observed"]),
                              round(2.5 + 4.5 * (p["n"] / largest) ** 0.5, 1),
                              _("predicted %(p).2f, observed %(o).2f, %(n)d rows")
                              % {"p": p["predicted"], "o": p["observed"], "n": int(p["n"])})
                             for p in points))
    ticks = format_html_join("", '<text x="{}" y="{}" class="tick">{}</text>'
                                 '<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>',
                             ((px(v) - 6, SIZE - PAD + 14, v, PAD - 4, py(v) + 4, v)
                              for v in (0, 0.5, 1)))
    return format_html(
        '<svg class="reliability" viewBox="0 0 {s} {s}" width="{s}" height="{s}" role="img" '
        'aria-label="{label}"><rect x="{p}" y="{p}" width="{i}" height="{i}" class="frame"/>'
        '<line x1="{p}" y1="{b}" x2="{e}" y2="{p}" class="diagonal" stroke-dasharray="4 3"/>'
        '<path d="{path}" class="curve" fill="none"/>{dots}{ticks}'
        '<text x="{mid}" y="{s}" class="axis" text-anchor="middle">{xl}</text>'
        '<text x="10" y="{mid}" class="axis" text-anchor="middle" '
        'transform="rotate(-90 10 {mid})">{yl}</text></svg>',
        s=SIZE, p=PAD, i=inner, b=SIZE - PAD, e=SIZE - PAD, path=path or "M0,0", dots=dots,
        ticks=ticks, mid=SIZE // 2, label=_("Reliability diagram"),
        xl=_("Predicted probability"), yl=_("Observed frequency"))
