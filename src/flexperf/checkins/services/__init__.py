"""Writes of the checkins domain: scheduling and reminders (`schedule`), submitting and
discussing a check-in (`checkins`), milestone reviews (`milestones`). Each takes the caller's
`Actor`, checks all input (ServiceError naming every bad field), writes in one transaction,
records the change in the audit trail and announces events after commit."""
