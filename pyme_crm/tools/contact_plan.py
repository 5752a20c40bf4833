"""The rows of a contacts import matched with the contacts already there, then written in batches."""

import json
from collections import defaultdict

from odoo import Command, fields

from .contact_columns import CLASSIFICATIONS, COLUMN_FIELDS, COLUMN_HEADER, FIELD_HEADER, company_key
from .contact_rows import RowError
from .spreadsheet import normalize


class ImportPlan:
    """The rows of one import: which create, update or skip what, then the writes in batches.

    ``policy`` says what becomes of a row whose contact is already there (in Odoo or earlier in the
    file): "skip" it, "update" the contact's empty fields, or "create" it anyway. A contact the user
    cannot read (another salesperson's) is skipped whatever the policy, with a notice naming nothing.
    """

    def __init__(self, env, policy, lookups):
        self.env, self.policy, self.lookups = env, policy, lookups
        self.counts = defaultdict(int)
        self.rejected = []  # (row number, values, RowError)
        self.notices = []  # (row number, kind, message): rows skipped or imported the user should check
        self.entities = {}  # group key -> {"id": existing id or None, "vals": dict}
        self.group_rows = defaultdict(list)  # group key -> its rows as (number, values, count)
        self.file_people = {}  # email or phone -> the person (vals) that has it in the file
        self.persons = []  # (entity group, vals, existing id or None)
        self.followups, self.notes = {}, []

    def reject(self, number, values, error):
        self.rejected.append((number, values, error))

    def add(self, number, values, row):
        """Plan the row ``number`` (its cells ``values``, parsed into ``row``)."""
        entity, person = row["entity"], row["person"]
        email = (person or entity).get("email")  # the contact person's, or the individual's
        vat = entity.get("vat")
        phone = duplicate_phone(row)
        if entity.get("is_company"):
            group = ("company", company_key(entity["name"]))
            existing = self.lookups["vats"].get(vat) or self.lookups["companies"].get(group[1])
        else:
            group = ("individual", email or vat or phone or number)
            existing = (
                self.lookups["emails"].get(email)
                or self.lookups["vats"].get(vat)
                or self.lookups["phones"].get(phone)
            )
        existing_person = (
            (self.lookups["emails"].get(email) or self.lookups["phones"].get(phone)) if person else None
        )
        earlier = self.file_people.get(email) or self.file_people.get(phone)
        if {existing, existing_person} & self.lookups["hidden"]:
            # Another salesperson's contact, whatever the policy: neither updated nor created again,
            # nor named.
            self.counts["skipped"] += 1
            self.notices.append(
                (
                    number,
                    "skipped",
                    self.env._("already in Odoo: this contact belongs to another salesperson"),
                )
            )
            return
        if self.policy == "create":
            existing = existing_person = earlier = None
            if group[0] == "individual":
                group = ("individual", number)
        elif self.policy == "skip" and (existing or existing_person or earlier is not None):
            self.counts["skipped"] += 1
            return
        created = group not in self.entities and not existing
        if group in self.entities:
            fill_empty(self.entities[group]["vals"], entity)
        else:
            self.entities[group] = {"id": existing, "vals": dict(entity)}
        if person and earlier is not None:  # the same person twice in the file: one contact
            fill_empty(earlier, person)
        elif person:
            vals = dict(person)
            self.persons.append((group, vals, existing_person))
            created = created or not existing_person
            for key in (email, phone):
                if key:
                    self.file_people[key] = vals
        else:
            for key in (email, phone):
                if key:
                    self.file_people.setdefault(key, self.entities[group]["vals"])
        count = "new" if created else "updated"
        self.counts[count] += 1
        self.group_rows[group].append((number, values, count))
        self._add_details(number, group, row)

    def _add_details(self, number, group, row):
        """The row's follow-up, warnings, note and classifications, on its commercial entity."""
        person = row["person"]
        if row["followup"]:
            self.followups.setdefault(group, row["followup"])
        prefix = f"{person['name']}: " if person.get("name") else ""
        for warning in row["warnings"]:
            self.notices.append((number, "warning", warning))
            self.notes.append((group, prefix + warning))
        if row["note"]:
            self.notes.append((group, prefix + row["note"]))
        classes = self.entities[group].setdefault("classes", {})
        for field_name, chosen in row["classes"].items():
            known = classes.setdefault(field_name, [])
            known += [choice for choice in chosen if choice not in known]

    def check_requirements(self):
        """Reject the rows of each new commercial entity that lacks what the list it is created in
        requires (its people's values count), as any row with a bad value."""
        Partner = self.env["res.partner"]
        Requirement = self.env["res.partner.list.requirement"]
        default_list = Partner.default_get(["commercial_list"]).get("commercial_list")
        people = defaultdict(list)
        for group, vals, existing in self.persons:
            if not existing:
                people[group].append(vals)
        by_list, dropped = {}, set()
        for group, entity in self.entities.items():
            commercial_list = entity["vals"].get("commercial_list") or default_list
            if entity["id"] or not commercial_list:
                continue
            if commercial_list not in by_list:
                requirements = Requirement._for_list(commercial_list)
                defaults = Partner.default_get(list(set(requirements.field_ids.mapped("name"))))
                by_list[commercial_list] = requirements, defaults
            requirements, defaults = by_list[commercial_list]
            values = {**defaults, **entity["vals"], **entity.get("classes", {})}
            if missing := requirements._missing_in_values([values, *people[group]]):
                error = self._requirement_error(commercial_list, requirements, missing)
                for number, row_values, count in self.group_rows.pop(group, ()):
                    self.counts[count] -= 1
                    self.reject(number, row_values, error)
                dropped.add(group)
        if dropped:
            self.entities = {group: e for group, e in self.entities.items() if group not in dropped}
            self.persons = [person for person in self.persons if person[0] not in dropped]
            self.notes = [note for note in self.notes if note[0] not in dropped]
            self.followups = {g: when for g, when in self.followups.items() if g not in dropped}
            self.rejected.sort(key=lambda rejected: rejected[0])

    def _requirement_error(self, commercial_list, requirements, missing):
        """The rejection of a row whose contact lacks the ``missing`` requirements: the list's
        requirements, and the import column of each missing one's first field."""
        label = self.env["res.partner"]._list_label(commercial_list)
        needs = requirements._names()
        headers = []
        for requirement in missing:
            header = next(
                (FIELD_HEADER[f.name] for f in requirement.field_ids if f.name in FIELD_HEADER), None
            )
            if header and header not in headers:
                headers.append(header)
        if not headers:
            message = self.env._(
                "a contact in %(list)s needs %(needs)s, which the import cannot fill in: import it in "
                "another list and complete it in Odoo",
                list=label,
                needs=needs,
            )
        elif len(headers) == 1:
            message = self.env._(
                "a contact in %(list)s needs %(needs)s: fill in the column %(column)s",
                list=label,
                needs=needs,
                column=headers[0],
            )
        else:
            message = self.env._(
                "a contact in %(list)s needs %(needs)s: fill in the columns %(columns)s",
                list=label,
                needs=needs,
                columns=self.env._(" and ").join(headers),
            )
        return RowError(headers[0] if headers else COLUMN_HEADER["commercial_list"], "", message)

    def apply(self):
        """Write the plan; returns the contacts created or updated."""
        return self.write_units(self.prepare())

    def prepare(self):
        """Create the sectors, zones, roles, tags and origins the rows name that are not there yet, and
        return the writes to do: one unit per commercial entity (its values, its new people, the
        existing people to complete, its follow-up and notes), as JSON so that they may be stored and
        written in batches."""
        class_ids = self._create_classes()
        people, updates, notes = defaultdict(list), defaultdict(list), defaultdict(list)
        for group, vals, existing in self.persons:
            if existing:
                updates[group].append([existing, vals])
            else:
                people[group].append(vals)
        for group, text in self.notes:
            notes[group].append(text)
        Partner = self.env["res.partner"]
        units = []
        for group, entity in self.entities.items():
            vals = dict(entity["vals"])
            for field_name, chosen in entity.get("classes", {}).items():
                ids = [class_ids[field_name][normalize(c)] if isinstance(c, str) else c for c in chosen]
                vals[field_name] = (
                    [Command.set(ids)] if Partner._fields[field_name].type == "many2many" else ids[0]
                )
            followup = self.followups.get(group)
            units.append(
                {
                    "id": entity["id"],
                    "vals": vals,
                    "people": people[group],
                    "updates": updates[group],
                    "followup": followup and followup.isoformat(),
                    "notes": notes[group],
                }
            )
        return json.loads(json.dumps(units))  # as it is stored: commands as lists

    def _create_classes(self):
        """The ids of the classification records to create, by field and normalized name."""
        names = defaultdict(dict)
        for entity in self.entities.values():
            for field_name, chosen in entity.get("classes", {}).items():
                for choice in chosen:
                    if isinstance(choice, str):
                        names[field_name].setdefault(normalize(choice), choice)
        models = {COLUMN_FIELDS[column]: model for column, model in CLASSIFICATIONS.items()}
        created = {}
        for field_name, new in names.items():
            records = self.env[models[field_name]].create([{"name": name} for name in new.values()])
            created[field_name] = dict(zip(new, records.ids, strict=True))
        return created

    def write_units(self, units):
        """Write ``units`` (see prepare); returns the contacts created or updated."""
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        # Created without Odoo's per-record sync from the company: the people get their company's
        # commercial and address fields here. A new company is created with its new people, so that
        # what its list requires may be theirs (a person's email counts for the company); a new company
        # holds only defaults in its company-dependent and computed fields (such as the pricelist): its
        # people compute the same ones.
        creator = Partner.with_context(_partners_skip_fields_sync=True)
        synced = Partner._commercial_fields() + Partner._address_fields()
        own = [name for name in synced if not is_derived(Partner._fields[name])]
        # a new contact has no user: it is a shared partner, as Odoo would compute it again for each
        defaults = {**batch_defaults(Partner), "partner_share": True}
        new = [unit for unit in units if not unit["id"]]
        vals_list = []
        for unit in new:
            shared = {name: unit["vals"][name] for name in own if name in unit["vals"]}
            people = [
                Command.create({**defaults, **shared, **vals, "type": "contact"}) for vals in unit["people"]
            ]
            vals_list.append(
                {**defaults, **unit["vals"], "child_ids": people} if people else {**defaults, **unit["vals"]}
            )
        created = creator.create(vals_list)
        for unit, partner in zip(new, created, strict=True):
            unit["id"] = partner.id
        existing = [unit for unit in units if unit not in new]
        self._fill_existing(Partner, [(unit["id"], unit["vals"]) for unit in existing])
        # the new people of the contacts already there
        parents = Partner.browse(unit["id"] for unit in existing if unit["people"])
        inherited = {parent.id: parent._update_fields_values(synced) for parent in parents}
        persons = created.child_ids | creator.create(
            [
                {**defaults, **inherited[unit["id"]], **vals, "parent_id": unit["id"], "type": "contact"}
                for unit in existing
                for vals in unit["people"]
            ]
        )
        updates = [tuple(update) for unit in units for update in unit["updates"]]
        self._fill_existing(Partner, updates)
        self._plan_followups(units)
        self._post_notes(Partner, units)
        return Partner.browse(unit["id"] for unit in units) | persons | Partner.browse(i for i, _v in updates)

    def _fill_existing(self, Partner, updates):
        """Write on existing contacts only the fields they have empty (policy "update")."""
        if not updates:
            return
        records = Partner.browse(record_id for record_id, _vals in updates)
        names = {name for _id, vals in updates for name in vals if name not in ("is_company", "name")}
        current = {record["id"]: record for record in records.read(list(names))}
        for record_id, vals in updates:
            empty = {
                name: value for name, value in vals.items() if name in names and not current[record_id][name]
            }
            if empty:
                Partner.browse(record_id).write(empty)

    def _plan_followups(self, units):
        """The rows' follow-ups, one batch per date."""
        by_date = defaultdict(list)
        for unit in units:
            if unit["followup"]:
                by_date[unit["followup"]].append(unit["id"])
        Partner = self.env["res.partner"].with_context(mail_activity_quick_update=True)
        for when, partner_ids in by_date.items():
            Partner.browse(partner_ids)._schedule_followups(fields.Date.to_date(when))

    def _post_notes(self, Partner, units):
        """The rows' notes as internal notes by the current user, their text escaped; a contact's
        n-th note goes in the n-th batch, so each batch has one note per contact."""
        batches = defaultdict(dict)
        for unit in units:
            for index, text in enumerate(unit["notes"]):
                batches[index][unit["id"]] = text
        for bodies in batches.values():
            Partner.browse(list(bodies))._message_log_batch(bodies, message_type="comment")


def duplicate_phone(row):
    """The phone a row's contact is recognised by: a mobile is a person's own, but a landline is often
    shared (a company's switchboard, a business centre's): a contact person is found by its mobile, an
    individual by either, and a company by its name or tax ID only."""
    phones = row["phones"]
    if row["person"]:
        return phones.get("mobile")
    if row["entity"].get("is_company"):
        return None
    return phones.get("mobile") or phones.get("phone")


def batch_defaults(Partner):
    """The contacts' defaults, computed once for a batch instead of once per contact (some cost a query
    each); not those of x2many fields nor of the fields only the addon sets."""
    names = [
        name
        for name, field in Partner._fields.items()
        if field.default
        and field.type not in ("one2many", "many2many")
        and name not in Partner._system_fields
    ]
    return Partner.default_get(names)


def is_derived(field):
    return field.company_dependent or not field.store


def fill_empty(values, more):
    for name, value in more.items():
        values.setdefault(name, value)
