from flexperf.incentives.models.compensation import BaseSalary
from flexperf.incentives.models.policy import (
    CompanyFactor,
    IncentivePolicy,
    PolicyVersion,
    ProjectContribution,
    ProjectPool,
)
from flexperf.incentives.models.runs import PayoutLine, PayoutRun, RunStatus

__all__ = ["BaseSalary", "CompanyFactor", "IncentivePolicy", "PayoutLine", "PayoutRun",
           "PolicyVersion", "ProjectContribution", "ProjectPool", "RunStatus"]
