"""Incentives: incentive policies, payouts with statements, fairness (R3, R4)."""
