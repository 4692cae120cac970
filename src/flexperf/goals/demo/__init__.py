"""The demo group's goals for 2026: every paradigm, measurements from January to June, and the
dynamic-goal story (signals, discussions, adjustments). Pure, seeded generation
(``plan``, ``catalogue``, ``generator``, ``story``) and a bulk ``loader``, run by
``flexperf demo`` after the demo group itself."""
