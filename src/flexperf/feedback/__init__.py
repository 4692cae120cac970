"""Feedback: instant feedback, 360 reviews, development plans (C3, C4, C5)."""
