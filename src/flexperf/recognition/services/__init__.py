"""Writes of the recognition domain. The contract functions other domains call
(grant_points, spend_points, refund_points) are re-exported here."""

from flexperf.recognition.services.ledger import grant_points, refund_points, spend_points

__all__ = ["grant_points", "refund_points", "spend_points"]
