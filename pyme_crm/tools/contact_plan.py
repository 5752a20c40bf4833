"""The rows of a contacts import matched with the contacts already there, then written in batches."""

from collections import defaultdict

from odoo import Command

from .contact_columns import company_key
from .spreadsheet import normalize


class ImportPlan:
    """The rows of one import: which create, update or skip what, then the writes in batches.

    ``policy`` says what becomes of a row whose contact is already there (in Odoo or earlier in the
    file): "skip" it, "update" the contact's empty fields, or "create" it anyway.
    """

    def __init__(self, env, policy, lookups):
        self.env, self.policy, self.lookups = env, policy, lookups
        self.counts = defaultdict(int)
        self.rejected = []  # (row number, values, RowError)
        self.entities = {}  # group key -> {"id": existing id or None, "vals": dict}
        self.file_emails = {}  # email -> the person (vals) that has it in the file
        self.persons = []  # (entity group, vals, existing id or None)
        self.followups, self.notes, self.tags, self.sources = {}, [], set(), set()

    def reject(self, number, values, error):
        self.rejected.append((number, values, error))

    def add(self, number, row):
        entity, person = row["entity"], row["person"]
        email = (person or entity).get("email")  # the contact person's, or the individual's
        vat = entity.get("vat")
        if entity.get("is_company"):
            group = ("company", company_key(entity["name"]))
            existing = self.lookups["vats"].get(vat) or self.lookups["companies"].get(group[1])
        else:
            group = ("individual", email or vat or number)
            existing = self.lookups["emails"].get(email) or self.lookups["vats"].get(vat)
        existing_person = person and self.lookups["emails"].get(email)
        earlier = self.file_emails.get(email) if email else None
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
        self.counts["new" if created else "updated"] += 1
        if row["followup"]:
            self.followups.setdefault(group, row["followup"])
        if row["note"]:
            prefix = f"{person['name']}: " if person.get("name") else ""
            self.notes.append((group, prefix + row["note"]))
        if row["tags"]:
            self.entities[group].setdefault("tags", set()).update(row["tags"])
            self.tags.update(row["tags"])
        if row["source"]:
            self.entities[group].setdefault("source", row["source"])
            self.sources.add(row["source"])

    def apply(self):
        """Write the plan; returns the contacts created or updated."""
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        tag_ids = self._find_or_create("res.partner.category", self.tags, "tags")
        source_ids = self._find_or_create("utm.source", self.sources, "sources")
        for entity in self.entities.values():
            if tags := entity.pop("tags", None):
                entity["vals"]["category_id"] = [Command.link(tag_ids[normalize(tag)]) for tag in tags]
            if source := entity.pop("source", None):
                entity["vals"]["source_id"] = source_ids[normalize(source)]
        # Created without Odoo's per-record sync from the company: the people get their company's
        # commercial and address fields here, in the same batch create.
        creator = Partner.with_context(_partners_skip_fields_sync=True)
        new = [entity for entity in self.entities.values() if not entity["id"]]
        for entity, partner in zip(new, creator.create([entity["vals"] for entity in new]), strict=True):
            entity["id"] = partner.id
        updated = [entity for entity in self.entities.values() if entity not in new]
        self._fill_existing(Partner, [(entity["id"], entity["vals"]) for entity in updated])
        new_persons = [
            (self.entities[group]["id"], vals) for group, vals, existing in self.persons if not existing
        ]
        synced = Partner._commercial_fields() + Partner._address_fields()
        parents = Partner.browse({parent_id for parent_id, _vals in new_persons})
        new_ids = {entity["id"] for entity in new}
        inherited = {
            # a new company holds only defaults in its company-dependent and computed fields (such as
            # the pricelist): its people compute the same ones
            parent.id: parent._update_fields_values(
                [name for name in synced if parent.id not in new_ids or not is_derived(Partner._fields[name])]
            )
            for parent in parents
        }
        persons = creator.create(
            [
                {**inherited[parent_id], **vals, "parent_id": parent_id, "type": "contact"}
                for parent_id, vals in new_persons
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
