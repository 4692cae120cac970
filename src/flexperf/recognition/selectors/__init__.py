"""Reads of the recognition domain. The contract functions are re-exported here."""

from flexperf.recognition.selectors.awards import (
    RecognitionView,
    endorsement_counts,
    recognitions_received,
)
from flexperf.recognition.selectors.ledger import available_balance, points_by_person
from flexperf.recognition.selectors.totals import EarnedBoard, earned_board, earned_totals

__all__ = ["EarnedBoard", "RecognitionView", "available_balance", "earned_board",
           "earned_totals", "endorsement_counts", "points_by_person", "recognitions_received"]
