"""Pure engines of the predictions domain: arrays in, numbers out (no ORM, no clock)."""
