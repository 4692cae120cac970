"""Check-ins: check-ins, milestone reviews (C1, C2)."""
