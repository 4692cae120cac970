"""Anti-gaming rules as pure functions (no ORM, no clock).

**Diminishing returns.** The k-th award from one giver to the same colleague in one month is
worth its full points while k ≤ ``free_awards``; after that each further award is worth
``decay_percent`` % of the one before::

    value(points, k) = points                                            if k ≤ free_awards
                     = max(1, ⌊points × (decay_percent / 100) ^ (k − free_awards)⌋)  otherwise

With the defaults (2 free awards, 50 %): 20, 20, 10, 5, 2, 1, 1 … The giver's budget is debited
by the value actually credited, so a repeated award costs less and also yields less.

**Per-pair cap.** At most ``pair_cap`` points a month from one giver to one colleague.

**Reciprocal ping-pong.** Two people who, within ``window_days``, each gave the other at least
``min_each`` awards (not yet looked at by HR) are flagged; their points are held until HR
releases or reverses them.
"""

from __future__ import annotations


def diminished_points(points: int, prior_awards: int, *, free_awards: int,
                      decay_percent: int) -> int:
    """The value of an award of `points` after `prior_awards` earlier awards to the same
    colleague in the same month."""
    if points <= 0:
        return 0
    k = prior_awards + 1
    if k <= free_awards:
        return points
    n = k - free_awards
    decay = max(0, min(decay_percent, 100))
    return max(1, int(points * decay**n // 100**n))


def pair_room(given_this_period: int, *, pair_cap: int) -> int:
    """Points one giver may still give one colleague this month."""
    return max(0, pair_cap - given_this_period)


def is_reciprocal(a_to_b: int, b_to_a: int, *, min_each: int) -> bool:
    """Both directions reached the threshold within the window."""
    return min_each > 0 and a_to_b >= min_each and b_to_a >= min_each


def rule_room(granted_this_period: int, points: int, *, cap: int) -> int:
    """Points a rule may still grant one person this month: its points, trimmed to the cap."""
    return max(0, min(points, cap - granted_this_period))
