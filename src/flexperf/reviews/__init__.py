"""Reviews: review cycles, evaluations, calibration (R1, R2)."""
