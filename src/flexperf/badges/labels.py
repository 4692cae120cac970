"""Words for codes the badges app reports (audit problems, verification statuses, roles)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from flexperf.badges.chain import AuditResult

AUDIT_PROBLEMS: dict[str, Promise] = {
    "missing": _("entry missing (the sequence has a gap)"),
    "link": _("previous-hash link does not match the entry before it"),
    "hash": _("content does not match its hash (entry was altered)"),
    "payload": _("payload does not match its row (sequence, kind or award)"),
    "kid": _("signed with a key that is not in the key set"),
    "signature": _("signature does not verify"),
    "truncated": _("entries are missing from the end of the chain"),
    "beyond_head": _("entries were added without the chain head"),
    "head": _("the chain head's hash does not match the last entry"),
}

STATUSES: dict[str, Promise] = {
    "valid": _("Valid"),
    "invalid_signature": _("Invalid signature"),
    "revoked": _("Revoked"),
    "unknown_issuer": _("Unknown issuer"),
    "malformed": _("Malformed"),
}

STATUS_HELP: dict[str, Promise] = {
    "valid": _("Signed by this organisation's key and not revoked."),
    "invalid_signature": _("The signature does not match the content: the credential was "
                           "altered or was not signed by this organisation."),
    "revoked": _("Genuine, but revoked by this organisation."),
    "unknown_issuer": _("Not issued by this organisation (unknown key or issuer)."),
    "malformed": _("Not a compact JWS credential."),
}

AWARDER_ROLES: dict[str, Promise] = {
    "manager": _("Manager (own reporting line)"),
    "hrbp": _("HR business partner (assigned units)"),
    "hr_admin": _("HR admin"),
    "executive": _("Executive (own units)"),
}


def audit_problem(code: str) -> str:
    return str(AUDIT_PROBLEMS.get(code, code))


def describe_audit(result: AuditResult) -> str:
    if result.ok:
        return ngettext("badge chain intact: %(n)d entry verified",
                        "badge chain intact: %(n)d entries verified",
                        result.checked) % {"n": result.checked}
    return gettext("badge chain broken at entry #%(seq)s: %(reason)s") % {
        "seq": result.broken_seq, "reason": audit_problem(result.problem)}
