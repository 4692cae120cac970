from flexperf.recognition.models.ledger import (
    EARNING_KINDS,
    Account,
    AccountKind,
    AppendOnlyError,
    EarnedTotal,
    Entry,
    Txn,
    TxnKind,
)
from flexperf.recognition.models.recognition import (
    Award,
    Contribution,
    ContributionKind,
    Flag,
    FlagStatus,
    Hold,
    HoldState,
    Policy,
    Rule,
    Visibility,
)

__all__ = ["EARNING_KINDS", "Account", "AccountKind", "AppendOnlyError", "Award",
           "Contribution", "ContributionKind", "EarnedTotal", "Entry", "Flag", "FlagStatus", "Hold",
           "HoldState", "Policy", "Rule", "Txn", "TxnKind", "Visibility"]
