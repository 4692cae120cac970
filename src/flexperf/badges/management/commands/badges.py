"""`flexperf badges verify FILE [--json]` checks a credential (exit 0 only if valid);
`flexperf badges audit [--json]` recomputes the whole chain and names the first broken entry;
`flexperf badges export PERSON DIR` writes a person's credentials (PERSON: id or employee
number); `flexperf badges rotate-key` retires the signing key and generates a new one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from flexperf.badges import keys, selectors, services, verification
from flexperf.badges.labels import STATUSES, describe_audit
from flexperf.core.management import cli_actor, service_errors
from flexperf.org.models import Person


class Command(BaseCommand):
    help = _("Badges: verify a credential, audit the chain, export credentials, rotate the key.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser("verify", help=_(
            "Check a credential file (compact JWS, or - for standard input)."))
        verify.add_argument("file", metavar="FILE")
        verify.add_argument("--identity", default="", metavar="EMAIL",
                            help=_("Check the hashed recipient against this e-mail."))
        verify.add_argument("--json", action="store_true", dest="as_json")
        audit = actions.add_parser("audit", help=_(
            "Recompute every hash, link and signature; name the first broken entry."))
        audit.add_argument("--json", action="store_true", dest="as_json")
        export = actions.add_parser("export", help=_(
            "Write a person's credentials (one .jwt file per award) into DIR."))
        export.add_argument("person", metavar="PERSON", help=_("Person id or employee number."))
        export.add_argument("directory", metavar="DIR")
        actions.add_parser("rotate-key", help=_(
            "Retire the signing key (its public key stays published) and generate a new one."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options)
        elif action == "audit":
            self._audit(options["as_json"])
        elif action == "export":
            self._export(options["person"], Path(options["directory"]))
        else:
            try:
                old, new = keys.rotate()
            except (ValueError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(_("Retired key %(old)s; signing with %(new)s.")
                              % {"old": old, "new": new})

    def _verify(self, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            token = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": name, "error": exc}) from exc
        result = verification.verify(token, identity=options["identity"])
        if options["as_json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{result.status}: {STATUSES[result.status]}")
            for label, value in ((_("badge"), result.badge_name), (_("issuer"), result.issuer),
                                 (_("issued"), result.issued),
                                 (_("recipient"), result.recipient),
                                 (_("revoked on"), result.revoked_on)):
                if value:
                    self.stdout.write(f"  {label}: {value}")
        if not result.ok:
            sys.exit(1)

    def _audit(self, as_json: bool) -> None:
        result = selectors.audit_chain()
        if as_json:
            data = {**result.as_dict(), "message": describe_audit(result)}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            if not result.ok:
                sys.exit(1)
            return
        if not result.ok:
            raise CommandError(describe_audit(result))
        self.stdout.write(describe_audit(result))

    def _export(self, person_ref: str, directory: Path) -> None:
        match = Q(employee_number=person_ref)
        if person_ref.isdigit():
            match |= Q(pk=int(person_ref))
        person = Person.objects.filter(match).first()
        if person is None:
            raise CommandError(_("person: no person %(ref)s.") % {"ref": person_ref})
        actor = cli_actor()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s")
                               % {"file": directory, "error": exc}) from exc
        count = 0
        with service_errors():
            for view in selectors.badges_of(actor, person.pk):
                token = services.award_credential(actor=actor, award_id=view.id)
                (directory / f"badge-{view.id}-{view.code}.jwt").write_text(token + "\n")
                count += 1
        self.stdout.write(_("Wrote %(n)d credentials to %(dir)s.")
                          % {"n": count, "dir": directory})
