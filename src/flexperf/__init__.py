"""flexperf: flexible performance management."""

__version__ = "0.1.0"
