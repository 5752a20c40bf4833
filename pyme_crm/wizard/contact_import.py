import base64
import re
from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..tools import spreadsheet
from ..tools.contact_import import (
    COLUMN_HEADER,
    CUSTOMER_TYPE_BY_NAME,
    LIST_BY_NAME,
    LIST_TEMPLATE_VALUES,
    POTENTIAL_BY_NAME,
    PRIORITY_VALUES,
    company_key,
    contacts_workbook,
    guess_column,
    parse_followup,
    split_values,
    vat_key,
)
from ..tools.method import CLIENT_PRIORITIES, PRIORITIES_BY_LIST
from ..tools.spreadsheet import MAX_CELL_LENGTH, MAX_NOTE_LENGTH, SpreadsheetError, normalize, safe_text

# Where each column goes: the commercial entity (the company, or the individual without one) or the
# contact person of a company.
PERSON_COLUMNS = ("name", "function", "email", "phone", "mobile")
TEXT_FIELDS = ("function", "phone", "mobile", "website", "street", "city", "zip")
MAX_PROBLEMS_SHOWN = 200


class RowError(Exception):
    def __init__(self, column, value, message):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


class ResPartnerImport(models.TransientModel):
    """Import a workbook of contacts into the commercial lists: columns mapped from their headers,
    companies with several contact people, the method's values, duplicates, a dry run, all or nothing."""

    _name = "res.partner.import"
    _description = "Import contacts from Excel"

    state = fields.Selection(
        [("upload", "File"), ("map", "Columns"), ("preview", "Preview"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    file = fields.Binary(string="Excel file (.xlsx)", attachment=False)
    filename = fields.Char()
    sheet_ids = fields.One2many("res.partner.import.sheet", "wizard_id", string="Sheets")
    sheet_id = fields.Many2one("res.partner.import.sheet", domain="[('wizard_id', '=', id)]")
    column_ids = fields.One2many("res.partner.import.column", "wizard_id", string="Columns")
    duplicate_policy = fields.Selection(
        [
            ("skip", "Skip them"),
            ("update", "Fill in their empty fields"),
            ("create", "Create them anyway"),
        ],
        string="Contacts already there",
        default="skip",
        required=True,
        help="A contact is already there when its email, its tax ID or its company name (without the "
        "legal form) matches a contact in Odoo or an earlier row of the file.",
    )
    valid_rows_only = fields.Boolean(
        string="Import the valid rows only",
        help="By default a single rejected row stops the whole import and nothing is written.",
    )
    new_count = fields.Integer(string="New", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    problem_ids = fields.One2many("res.partner.import.problem", "wizard_id", string="Problems", readonly=True)
    rejected_file = fields.Binary(string="Rejected rows", readonly=True, attachment=False)
    rejected_filename = fields.Char(readonly=True)
    partner_ids = fields.Many2many("res.partner", string="Imported contacts", readonly=True)
    template_file = fields.Binary(compute="_compute_template_file", attachment=False)

    def _compute_template_file(self):
        """The empty workbook to fill in: every column, drop-down lists for the list and the priority."""
        template = contacts_workbook([])
        for wizard in self:
            wizard.template_file = base64.b64encode(template)

    # Steps

    def action_download_template(self):
        return self._download("template_file", "plantilla_contactos.xlsx")

    def action_download_rejected(self):
        return self._download("rejected_file", self.rejected_filename)

    def _download(self, field_name, filename):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/{field_name}/{filename}?download=true",
            "target": "download",
        }

    def action_read_file(self):
        self.ensure_one()
        workbook = self._open()
        self.sheet_ids = [Command.clear()] + [
            Command.create({"name": name, "sequence": index})
            for index, name in enumerate(workbook.sheetnames)
        ]
        self.sheet_id = self.sheet_ids[:1]
        self._load_columns(workbook)
        self.state = "map"
        return self._reopen()

    def action_read_sheet(self):
        self.ensure_one()
        self._load_columns(self._open())
        return self._reopen()

    def action_preview(self):
        self.ensure_one()
        self._run(dry_run=True)
        self.state = "preview"
        return self._reopen()

    def action_import(self):
        self.ensure_one()
        self._run(dry_run=False)
        self.state = "done"
        return self._reopen()

    def action_back(self):
        self.state = "map"
        return self._reopen()

    def action_open_contacts(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("contacts.action_contacts")
        action.update(
            domain=[("id", "in", self.partner_ids.ids)],
            context={},
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
        )
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import from Excel"),
        }

    # Reading

    def _open(self):
        if not self.file:
            raise UserError(self.env._("Choose the Excel file (.xlsx) to import."))
        try:
            return spreadsheet.open_workbook(base64.b64decode(self.file))
        except SpreadsheetError as error:
            raise UserError(self._file_message(error)) from error

    def _file_message(self, error):
        def megabytes(key):
            return round(error.params[key] / 1024 / 1024, 1)

        if error.code == "too_big":
            return self.env._(
                "The file is too big (%(size)s MB): the import accepts up to %(limit)s MB. "
                "Split it in several files.",
                size=megabytes("size"),
                limit=megabytes("limit"),
            )
        if error.code == "zip_bomb":
            return self.env._(
                "The file would take %(size)s MB once unpacked (at most %(limit)s MB): it is refused.",
                size=megabytes("size"),
                limit=megabytes("limit"),
            )
        if error.code == "too_many_rows":
            return self.env._(
                "The sheet has more than %(limit)s rows: split it in several files.",
                limit=error.params["limit"],
            )
        if error.code == "encrypted_or_xls":
            return self.env._(
                "The file is password-protected or in the old .xls format: save it in Excel as an .xlsx "
                "workbook without password and try again."
            )
        if error.code == "not_xlsx":
            return self.env._("The file is not an Excel workbook (.xlsx).")
        return self.env._("The file is damaged: it cannot be read as an Excel workbook (.xlsx).")

    def _read_sheet(self, workbook):
        """Header row number, headers and data rows of the chosen sheet."""
        try:
            rows = spreadsheet.read_rows(workbook, self.sheet_id.name or workbook.sheetnames[0])
        except SpreadsheetError as error:
            raise UserError(self._file_message(error)) from error
        if not rows:
            raise UserError(self.env._("The sheet “%s” is empty.", self.sheet_id.name))
        header_number, headers = rows[0]
        if not any(guess_column(header) for header in headers if isinstance(header, str)):
            raise UserError(
                self.env._(
                    "No header row: the first row of the sheet “%(sheet)s” (row %(row)s) must name the "
                    "columns, for instance Empresa, Nombre, Teléfono, Email. "
                    "Download the template to see them all.",
                    sheet=self.sheet_id.name,
                    row=header_number,
                )
            )
        return [safe_text(header) for header in headers], rows[1:]

    def _load_columns(self, workbook):
        headers, rows = self._read_sheet(workbook)
        sample = rows[0][1] if rows else []
        self.column_ids = [Command.clear()] + [
            Command.create(
                {
                    "index": index,
                    "header": header,
                    "sample": safe_text(sample[index] if index < len(sample) else "")[:100],
                    "column": guess_column(header),
                }
            )
            for index, header in enumerate(headers)
            if header
        ]

    # Importing

    def _run(self, dry_run):
        headers, rows = self._read_sheet(self._open())
        mapping = self._mapping()
        lookups = self._lookups()
        plan = ImportPlan(self, lookups)
        for number, values in rows:
            cells = {column: values[index] for index, column in mapping.items() if index < len(values)}
            try:
                plan.add(number, self._parse_row(cells, lookups))
            except RowError as error:
                plan.reject(number, values, error)
        if not dry_run and (self.valid_rows_only or not plan.rejected):
            with self.env.cr.savepoint():
                self.partner_ids = plan.apply()
        self._report(plan, headers, rows)

    def _mapping(self):
        mapping, seen = {}, {}
        for column in self.column_ids.filtered("column"):
            if column.column in seen:
                raise UserError(
                    self.env._(
                        "The columns “%(first)s” and “%(second)s” are both imported as %(data)s: keep one.",
                        first=seen[column.column],
                        second=column.header,
                        data=dict(column._fields["column"]._description_selection(self.env))[column.column],
                    )
                )
            seen[column.column] = column.header
            mapping[column.index] = column.column
        if not {"company", "name"} & set(mapping.values()):
            raise UserError(self.env._("Import at least a company or a contact name column."))
        return mapping

    def _report(self, plan, headers, rows):
        problems = [
            Command.create(
                {"row": number, "column": error.column, "value": error.value, "message": error.message}
            )
            for number, _values, error in plan.rejected[:MAX_PROBLEMS_SHOWN]
        ]
        rejected_file = False
        if plan.rejected:
            workbook = spreadsheet.write_workbook(
                [*headers, "Error"],
                [
                    [safe_text(value) for value in values] + [f"{error.column}: {error.message}"]
                    for _number, values, error in plan.rejected
                ],
            )
            rejected_file = base64.b64encode(workbook)
        self.write(
            {
                "new_count": plan.counts["new"],
                "updated_count": plan.counts["updated"],
                "skipped_count": plan.counts["skipped"],
                "rejected_count": len(plan.rejected),
                "problem_ids": [Command.clear(), *problems],
                "rejected_file": rejected_file,
                "rejected_filename": f"rechazados_{(self.filename or 'contactos').rsplit('.', 1)[0]}.xlsx",
            }
        )

    def _lookups(self):
        """Everything a row may name, read once: users, countries, provinces, industries, roles,
        zones, tags, origins and the contacts already in Odoo."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]

        def by_names(records, *field_names):
            found = {}
            for lang in langs:
                for record in records.with_context(lang=lang):
                    for field_name in field_names:
                        if record[field_name]:
                            found.setdefault(normalize(record[field_name]), record.id)
            return found

        users = self.env["res.users"].search([("share", "=", False)])
        user_keys = defaultdict(set)
        for user in users:
            for key in (user.name, user.login, user.email):
                if key:
                    user_keys[normalize(key)].add(user.id)
        countries = self.env["res.country"].search([])
        states, states_anywhere = defaultdict(dict), defaultdict(set)
        for state in self.env["res.country.state"].search([]):
            # "València (Valencia)", "Bizkaia (Vizcaya)": each name alone is known too
            for name in {state.name, *split_values(re.sub(r"[()/]", ",", state.name))}:
                states[state.country_id.id].setdefault(normalize(name), state.id)
                states_anywhere[normalize(name)].add(state)
            states[state.country_id.id].setdefault(normalize(state.code), state.id)
        self.env.cr.execute(
            "SELECT id, name, vat, email, is_company, parent_id FROM res_partner WHERE active"
        )
        companies, vats, emails = {}, {}, {}
        for partner_id, name, vat, email, is_company, parent_id in self.env.cr.fetchall():
            if is_company:
                companies.setdefault(company_key(name or ""), partner_id)
            if vat and (is_company or not parent_id):
                vats.setdefault(vat_key(vat), partner_id)
            if email and (normalized := email_normalize(email)):
                emails.setdefault(normalized, partner_id)
        return {
            "users": user_keys,
            "countries": {**by_names(countries, "name"), **{normalize(c.code): c.id for c in countries}},
            "states": states,
            "states_anywhere": states_anywhere,
            "default_country": self.env.company.country_id.id,
            "industries": by_names(self.env["res.partner.industry"].search([]), "name", "full_name"),
            "roles": by_names(self.env["res.partner.commercial.role"].search([]), "name"),
            "zones": by_names(self.env["res.partner.sales.zone"].search([]), "name"),
            "tags": by_names(self.env["res.partner.category"].search([]), "name"),
            "sources": by_names(self.env["utm.source"].search([]), "name"),
            "companies": companies,
            "vats": vats,
            "emails": emails,
            "today": fields.Date.context_today(self),
        }

    def _parse_row(self, cells, lookups):
        """The row's values for the commercial entity and its contact person; raises RowError."""
        text = self._texts(cells)
        company, name = text.get("company"), text.get("name")
        if not company and not name:
            raise RowError(
                COLUMN_HEADER["company"], "", self.env._("a row needs a company or a contact name")
            )
        entity, person = {}, {}
        target = person if company and name else entity
        if company:
            entity.update(name=company, is_company=True)
        else:
            entity["name"] = name
        if company and name:
            person["name"] = name
        for column in ("function", "phone", "mobile"):
            if column in text:
                target[column] = text[column]
        for column in ("website", "street", "city"):
            if column in text:
                entity[column] = text[column]
        if "email" in text:
            email = email_normalize(text["email"])
            if not email:
                raise RowError(COLUMN_HEADER["email"], text["email"], self.env._("not a valid email address"))
            target["email"] = email
        if "vat" in text:
            entity["vat"] = vat_key(text["vat"])
        self._parse_address(text, lookups, entity)
        self._parse_commercial(text, lookups, entity)
        followup = None
        if cells.get("followup") not in (None, ""):
            try:
                followup = parse_followup(cells["followup"], lookups["today"])
            except ValueError as error:
                raise RowError(
                    COLUMN_HEADER["followup"],
                    safe_text(cells["followup"]),
                    self.env._(
                        "not a follow-up: write hoy, mañana, próxima semana, a month or a date (dd/mm/aaaa)"
                    ),
                ) from error
        return {
            "entity": entity,
            "person": person,
            "tags": split_values(text.get("category")),
            "source": text.get("source"),
            "followup": followup,
            "note": text.get("notes"),
        }

    def _texts(self, cells):
        """The row's non-empty cells as text within the length limits (the follow-up may be a date)."""
        text = {}
        for column, value in cells.items():
            if value in (None, ""):
                continue
            if column != "followup":
                value = safe_text(value).strip()
                limit = MAX_NOTE_LENGTH if column == "notes" else MAX_CELL_LENGTH
                if len(value) > limit:
                    raise RowError(
                        COLUMN_HEADER[column],
                        value[:50] + "…",
                        self.env._(
                            "too long (%(length)s characters, at most %(limit)s)",
                            length=len(value),
                            limit=limit,
                        ),
                    )
            text[column] = value
        return text

    def _parse_address(self, text, lookups, entity):
        country_id = lookups["default_country"]
        if "country" in text:
            country_id = lookups["countries"].get(normalize(text["country"]))
            if not country_id:
                raise RowError(COLUMN_HEADER["country"], text["country"], self.env._("unknown country"))
            entity["country_id"] = country_id
        if "state" in text:
            key = normalize(text["state"])
            state_id = lookups["states"].get(country_id, {}).get(key)
            anywhere = lookups["states_anywhere"].get(key, ())
            if not state_id and "country" not in text and len(anywhere) == 1:  # unique: its country follows
                state = next(iter(anywhere))
                state_id, country_id = state.id, state.country_id.id
            if not state_id:
                raise RowError(COLUMN_HEADER["state"], text["state"], self.env._("unknown province or state"))
            entity.update(state_id=state_id, country_id=country_id)
        if "zip" in text:
            zip_code = text["zip"]
            spain = self.env.ref("base.es").id
            if zip_code.isdigit() and len(zip_code) == 4 and entity.get("country_id", country_id) == spain:
                zip_code = zip_code.zfill(5)  # Excel drops the leading zero of 08001
            entity["zip"] = zip_code

    def _parse_list_and_priority(self, text, entity):
        """The list, and the priority that must fit it; a priority alone tells its list."""
        commercial_list = None
        if "commercial_list" in text:
            commercial_list = LIST_BY_NAME.get(normalize(text["commercial_list"]))
            if not commercial_list:
                raise RowError(
                    COLUMN_HEADER["commercial_list"],
                    text["commercial_list"],
                    self.env._("unknown list: write %s", ", ".join(LIST_TEMPLATE_VALUES)),
                )
        if "commercial_priority" in text:
            priority = text["commercial_priority"].upper()
            if priority not in PRIORITY_VALUES:
                raise RowError(
                    COLUMN_HEADER["commercial_priority"],
                    text["commercial_priority"],
                    self.env._("unknown priority: write A, B, C, 1, 2 or 3"),
                )
            commercial_list = commercial_list or ("client" if priority in CLIENT_PRIORITIES else "prospect")
            if priority not in PRIORITIES_BY_LIST[commercial_list]:
                allowed = ", ".join(PRIORITIES_BY_LIST[commercial_list]) or self.env._("none")
                raise RowError(
                    COLUMN_HEADER["commercial_priority"],
                    priority,
                    self.env._(
                        "priority %(priority)s does not fit the list (it takes: %(allowed)s)",
                        priority=priority,
                        allowed=allowed,
                    ),
                )
            entity["commercial_priority"] = priority
        if commercial_list:
            entity["commercial_list"] = commercial_list

    def _parse_commercial(self, text, lookups, entity):
        self._parse_list_and_priority(text, entity)
        if "salesperson" in text:
            users = lookups["users"].get(normalize(text["salesperson"]), set())
            if len(users) != 1:
                raise RowError(
                    COLUMN_HEADER["salesperson"],
                    text["salesperson"],
                    self.env._("several users match this salesperson")
                    if users
                    else self.env._("no user with this name, login or email"),
                )
            entity["user_id"] = next(iter(users))
        if "role" in text:
            roles = []
            for role in split_values(text["role"]):
                if not (role_id := lookups["roles"].get(normalize(role))):
                    raise RowError(COLUMN_HEADER["role"], role, self.env._("unknown commercial role"))
                roles.append(role_id)
            entity["commercial_role_ids"] = [Command.set(roles)]
        for column, key, field_name, message in (
            ("industry", "industries", "industry_id", self.env._("unknown industry")),
            ("sales_zone", "zones", "sales_zone_id", self.env._("unknown sales zone")),
        ):
            if column in text:
                if not (record_id := lookups[key].get(normalize(text[column]))):
                    raise RowError(COLUMN_HEADER[column], text[column], message)
                entity[field_name] = record_id
        for column, names, field_name in (
            ("customer_type", CUSTOMER_TYPE_BY_NAME, "customer_type"),
            ("purchase_potential", POTENTIAL_BY_NAME, "purchase_potential"),
        ):
            if column in text:
                if not (value := names.get(normalize(text[column]))):
                    raise RowError(COLUMN_HEADER[column], text[column], self.env._("unknown value"))
                entity[field_name] = value


class ImportPlan:
    """The rows of one import: which create, update or skip what, then the writes in batches."""

    def __init__(self, wizard, lookups):
        self.wizard, self.env, self.lookups = wizard, wizard.env, lookups
        self.policy = wizard.duplicate_policy
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
        self._post_notes()
        touched = (
            entities | persons | Partner.browse(existing for _g, _v, existing in self.persons if existing)
        )
        return [Command.set(touched.ids)]

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

    def _post_notes(self):
        note = self.env.ref("mail.mt_note").id
        author = self.env.user.partner_id
        self.env["mail.message"].create(
            [
                {
                    "model": "res.partner",
                    "res_id": self.entities[group]["id"],
                    "body": text,
                    "message_type": "comment",
                    "subtype_id": note,
                    "author_id": author.id,
                    "email_from": author.email_formatted,
                    "reply_to": author.email_formatted,  # an internal note: nobody replies to it
                }
                for group, text in self.notes
            ]
        )


def is_derived(field):
    return field.company_dependent or not field.store


def fill_empty(values, more):
    for name, value in more.items():
        values.setdefault(name, value)
