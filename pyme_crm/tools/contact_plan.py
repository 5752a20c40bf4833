"""The rows of a contacts import matched with the contacts already there, then written in batches."""

from collections import defaultdict

from odoo import Command

from .contact_columns import COLUMN_HEADER, FIELD_HEADER, company_key
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
        self.notices = []  # (row number, message): rows skipped that the user should know of
        self.entities = {}  # group key -> {"id": existing id or None, "vals": dict}
        self.group_rows = defaultdict(list)  # group key -> its rows as (number, values, count)
        self.file_emails = {}  # email -> the person (vals) that has it in the file
        self.persons = []  # (entity group, vals, existing id or None)
        self.followups, self.notes = {}, []

    def reject(self, number, values, error):
        self.rejected.append((number, values, error))

    def add(self, number, values, row):
        """Plan the row ``number`` (its cells ``values``, parsed into ``row``)."""
        entity, person = row["entity"], row["person"]
        email = (person or entity).get("email")  # the contact person's, or the individual's
        vat = entity.get("vat")
        if entity.get("is_company"):
            group = ("company", company_key(entity["name"]))
            existing = self.lookups["vats"].get(vat) or self.lookups["companies"].get(group[1])
        else:
            group = ("individual", email or vat or number)
            existing = self.lookups["emails"].get(email) or self.lookups["vats"].get(vat)
        existing_person = self.lookups["emails"].get(email) if person else None
        earlier = self.file_emails.get(email) if email else None
        if {existing, existing_person} & self.lookups["hidden"]:
            # Another salesperson's contact, whatever the policy: neither updated nor created again,
            # nor named.
            self.counts["skipped"] += 1
            self.notices.append(
                (number, self.env._("already in Odoo: this contact belongs to another salesperson"))
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
            if email:
                self.file_emails[email] = vals
        elif email:
            self.file_emails.setdefault(email, self.entities[group]["vals"])
        count = "new" if created else "updated"
        self.counts[count] += 1
        self.group_rows[group].append((number, values, count))
        if row["followup"]:
            self.followups.setdefault(group, row["followup"])
        if row["note"]:
            prefix = f"{person['name']}: " if person.get("name") else ""
            self.notes.append((group, prefix + row["note"]))
        if row["tags"]:
            self.entities[group].setdefault("tags", set()).update(row["tags"])
        if row["source"]:
            self.entities[group].setdefault("source", row["source"])

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
            values = {
                **defaults,
                **entity["vals"],
                "category_id": entity.get("tags"),
                "source_id": entity.get("source"),
            }
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
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        planned = self.entities.values()
        tags = {tag for entity in planned for tag in entity.get("tags", ())}
        sources = {entity["source"] for entity in planned if "source" in entity}
        tag_ids = self._find_or_create("res.partner.category", tags, "tags")
        source_ids = self._find_or_create("utm.source", sources, "sources")
        for entity in self.entities.values():
            if tags := entity.pop("tags", None):
                entity["vals"]["category_id"] = [Command.link(tag_ids[normalize(tag)]) for tag in tags]
            if source := entity.pop("source", None):
                entity["vals"]["source_id"] = source_ids[normalize(source)]
        # Created without Odoo's per-record sync from the company: the people get their company's
        # commercial and address fields here. A new company is created with its new people, so that
        # what its list requires may be theirs (a person's email counts for the company); a new company
        # holds only defaults in its company-dependent and computed fields (such as the pricelist): its
        # people compute the same ones.
        creator = Partner.with_context(_partners_skip_fields_sync=True)
        synced = Partner._commercial_fields() + Partner._address_fields()
        own = [name for name in synced if not is_derived(Partner._fields[name])]
        new_persons = defaultdict(list)
        for group, vals, existing in self.persons:
            if not existing:
                new_persons[group].append(vals)
        new = {group: entity for group, entity in self.entities.items() if not entity["id"]}
        vals_list = []
        for group, entity in new.items():
            shared = {name: entity["vals"][name] for name in own if name in entity["vals"]}
            people = [
                Command.create({**shared, **vals, "type": "contact"}) for vals in new_persons.pop(group, ())
            ]
            vals_list.append({**entity["vals"], "child_ids": people} if people else entity["vals"])
        created = creator.create(vals_list)
        for entity, partner in zip(new.values(), created, strict=True):
            entity["id"] = partner.id
        updated = [entity for group, entity in self.entities.items() if group not in new]
        self._fill_existing(Partner, [(entity["id"], entity["vals"]) for entity in updated])
        # the new people of the contacts already there
        joining = [(self.entities[group]["id"], people) for group, people in new_persons.items()]
        parents = Partner.browse(parent_id for parent_id, _people in joining)
        inherited = {parent.id: parent._update_fields_values(synced) for parent in parents}
        persons = created.child_ids | creator.create(
            [
                {**inherited[parent_id], **vals, "parent_id": parent_id, "type": "contact"}
                for parent_id, people in joining
                for vals in people
            ]
        )
        self._fill_existing(
            Partner, [(existing, vals) for _group, vals, existing in self.persons if existing]
        )
        entities = Partner.browse(entity["id"] for entity in self.entities.values())
        self._plan_followups()
        self._post_notes(Partner)
        return entities | persons | Partner.browse(existing for _g, _v, existing in self.persons if existing)

    def _find_or_create(self, model, names, lookup):
        found = dict(self.lookups[lookup])
        missing = {normalize(name): name for name in names if normalize(name) not in found}
        created = self.env[model].create([{"name": name} for name in missing.values()])
        found.update(zip(missing, created.ids, strict=True))
        return found

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

    def _plan_followups(self):
        """The rows' follow-ups, one batch per date (and salesperson)."""
        by_date = defaultdict(list)
        for group, when in self.followups.items():
            by_date[when].append(self.entities[group]["id"])
        Partner = self.env["res.partner"].with_context(mail_activity_quick_update=True)
        for when, partner_ids in by_date.items():
            Partner.browse(partner_ids)._schedule_followups(when)

    def _post_notes(self, Partner):
        """The rows' notes as internal notes by the current user, their text escaped; a contact's
        n-th note goes in the n-th batch, so each batch has one note per contact."""
        batches = defaultdict(dict)
        posted = defaultdict(int)
        for group, text in self.notes:
            partner_id = self.entities[group]["id"]
            batches[posted[partner_id]][partner_id] = text
            posted[partner_id] += 1
        for bodies in batches.values():
            Partner.browse(list(bodies))._message_log_batch(bodies, message_type="comment")


def is_derived(field):
    return field.company_dependent or not field.store


def fill_empty(values, more):
    for name, value in more.items():
        values.setdefault(name, value)
