"""The demo group 华信集团 (Huaxin Group): generated from a seed (``generator``, ``plan``,
``names``) and bulk-loaded (``loader``) by ``flexperf demo``."""
