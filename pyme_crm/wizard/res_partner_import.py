import base64
import json
import logging
import time
from collections import Counter

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import spreadsheet
from ..tools.contact_columns import (
    CLASSIFICATIONS,
    LIST_TEMPLATE_VALUES,
    MULTI_VALUE_COLUMNS,
    contacts_workbook,
    guess_column,
    header_score,
    split_values,
)
from ..tools.contact_plan import ImportPlan
from ..tools.contact_rows import RowError, RowParser, creatable_classes, read_classes, read_lookups
from ..tools.spreadsheet import SpreadsheetError, normalize, safe_text

_logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 200
BACKGROUND_ROWS = 2_000  # a larger file is imported by the scheduled action, in batches
BATCH_SECONDS = 5  # of writing per run of the scheduled action, which runs 10 at most in a row
BATCH_UNITS = 100  # contacts written between two checks of the time


class ResPartnerImport(models.TransientModel):
    """Import a workbook of contacts into the commercial lists: columns mapped from their headers,
    companies with several contact people, the method's values, duplicates, a dry run, all or nothing."""

    _name = "res.partner.import"
    _description = "Import contacts from Excel"

    state = fields.Selection(
        [
            ("upload", "File"),
            ("map", "Columns"),
            ("values", "Values"),
            ("preview", "Preview"),
            ("running", "Importing"),
            ("done", "Imported"),
        ],
        default="upload",
        required=True,
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    file = fields.Binary(string="Excel file (.xlsx)", attachment=False)
    filename = fields.Char()
    sheet_ids = fields.One2many("res.partner.import.sheet", "wizard_id", string="Sheets")
    sheet_id = fields.Many2one("res.partner.import.sheet", domain="[('wizard_id', '=', id)]")
    column_ids = fields.One2many("res.partner.import.column", "wizard_id", string="Columns")
    value_ids = fields.One2many("res.partner.import.value", "wizard_id", string="Values")
    row_count = fields.Integer(string="Rows", readonly=True)
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
    header_row = fields.Integer(
        string="Header row",
        help="The row of the sheet that names the columns: guessed as the one of the first rows that names "
        "most of them (titles and blank rows above it are skipped). Change it and read the sheet again.",
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
    # the import in the background: the writes planned (see ImportPlan.prepare), how many are done
    job_units = fields.Binary(attachment=True, readonly=True)
    job_done = fields.Integer(string="Contacts written", readonly=True)
    job_total = fields.Integer(string="Contacts to write", readonly=True)
    job_error = fields.Char(readonly=True)
    template_file = fields.Binary(compute="_compute_template_file", attachment=False)
    # the sheet as read last (headers and rows, see spreadsheet.pack_rows) and which sheet and header
    # row it is: the next steps do not parse the file again
    sheet_rows = fields.Binary(attachment=False, readonly=True)
    sheet_rows_key = fields.Char(readonly=True)

    def write(self, vals):
        if "file" in vals:  # another file: the sheet read from the one before is not this one's
            vals = {**vals, "sheet_rows": False, "sheet_rows_key": False}
        return super().write(vals)

    def _compute_template_file(self):
        """The empty workbook to fill in: every column, drop-down lists for the list and the priority."""
        template = contacts_workbook([], notes=self._template_notes())
        for wizard in self:
            wizard.template_file = base64.b64encode(template)

    def _template_notes(self):
        return self.env._("Instructions"), [
            self.env._(
                "One row per contact person: the rows of one company become one company with its people."
            ),
            self.env._("The first row names the columns; titles or blank rows above it are skipped."),
            self.env._(
                "Lista: %s. Prioridad: A, B, C for clients, 1, 2, 3 for prospects.",
                ", ".join(LIST_TEMPLATE_VALUES),
            ),
            self.env._("Seguimiento: hoy, mañana, próxima semana, a month (marzo) or a date (dd/mm/aaaa)."),
            self.env._(
                "Sector, Zona, Rol, Categoría, Origen: your own words. Before importing, the values step "
                "shows each value found once and what it becomes: the existing record written the same way "
                "(in any case, with or without accents) or a new one, created when you import. You may "
                "choose another record or leave the value empty."
            ),
            self.env._("Rol and Categoría take several values separated by commas."),
            self.env._("An email that is not valid is not imported: the contact is, with a note saying so."),
            self.env._("Phones are saved in international format (+34 976 11 12 22)."),
        ]

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
        self.header_row = 0
        self._load_columns(workbook)
        self.state = "map"
        return self._reopen()

    def action_read_sheet(self):
        self.ensure_one()
        self._load_columns()
        return self._reopen()

    def action_read_values(self):
        """The values step: each value of the sector, zone, role, tag and origin columns, and what it
        becomes (the record of that name if there is one, else a new one); without such values, the
        preview."""
        self.ensure_one()
        self._load_values()
        if not self.value_ids:
            return self.action_preview()
        self.state = "values"
        return self._reopen()

    def action_preview(self):
        self.ensure_one()
        self._run(dry_run=True)
        self.state = "preview"
        return self._reopen()

    def action_import(self):
        self.ensure_one()
        if self.row_count > BACKGROUND_ROWS:
            self.write({"state": "running", "job_units": False, "job_done": 0, "job_total": 0})
            self.env.ref("pyme_crm.ir_cron_import_contacts")._trigger()
            return self._reopen()
        self._run(dry_run=False)
        self.state = "done"
        return self._reopen()

    def action_back(self):
        self.state = "map"
        return self._reopen()

    def action_refresh(self):
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
        if error.code == "too_many_columns":
            return self.env._(
                "The header row has more than %(limit)s columns: delete the columns that are not imported "
                "and try again.",
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

    def _read_sheet(self, workbook=None):
        """Headers and data rows of the chosen sheet from its header row on: as read by the step before
        when it read the same sheet from the same header row, else read from ``workbook`` (by default
        the file)."""
        if workbook is None and self.sheet_rows and self.sheet_rows_key == self._sheet_key(self.header_row):
            return spreadsheet.unpack_rows(self.sheet_rows)
        workbook = workbook or self._open()
        try:
            rows = spreadsheet.read_rows(
                workbook,
                self.sheet_id.name or workbook.sheetnames[0],
                header=self.header_row or None,
                score=header_score,
            )
        except SpreadsheetError as error:
            raise UserError(self._file_message(error)) from error
        if not rows:
            raise UserError(self.env._("The sheet “%s” is empty.", self.sheet_id.name))
        header_number, headers = rows[0]
        if not header_score(headers):
            raise UserError(
                self.env._(
                    "No header row: no row of the sheet “%(sheet)s” names the columns (looked at row "
                    "%(row)s and below), for instance Empresa, Nombre, Teléfono, Email. Download the "
                    "template to see them all.",
                    sheet=self.sheet_id.name,
                    row=header_number,
                )
            )
        headers = [safe_text(header) for header in headers]
        self.write(
            {
                "header_row": header_number,
                "row_count": rows.total - 1,
                "sheet_rows": spreadsheet.pack_rows([headers, rows[1:]]),
                "sheet_rows_key": self._sheet_key(header_number),
            }
        )
        return headers, rows[1:]

    def _sheet_key(self, header_row):
        return f"{self.sheet_id.id}:{header_row}"

    @api.onchange("sheet_id")
    def _onchange_sheet_id(self):
        self.header_row = 0  # another sheet: its own header row is guessed again

    def _load_columns(self, workbook=None):
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

    def _load_values(self):
        """The distinct values of the mapped classification columns, each with the record it matches
        (ignoring case and accents) or a new one to create; the choices already made are kept."""
        _headers, rows = self._read_sheet()
        mapping = {index: column for index, column in self._mapping().items() if column in CLASSIFICATIONS}
        found = {column: Counter() for column in mapping.values()}
        names = {}
        for _number, values in rows:
            for index, column in mapping.items():
                if index < len(values) and values[index] not in (None, ""):
                    text = safe_text(values[index]).strip()
                    for value in split_values(text) if column in MULTI_VALUE_COLUMNS else [text]:
                        key = (column, normalize(value))
                        found[column][key] += 1
                        names.setdefault(key, value)
        classes = read_classes(self.env)
        creatable = creatable_classes(self.env)
        kept = {(value.column, normalize(value.name)): value for value in self.value_ids}
        commands = [Command.unlink(value.id) for key, value in kept.items() if key not in names]
        for key, name in names.items():
            column, normalized = key
            if key in kept:
                commands.append(Command.update(kept[key].id, {"row_count": found[column][key]}))
                continue
            record_id = classes[column].get(normalized)
            can_create = creatable[column]
            commands.append(
                Command.create(
                    {
                        "column": column,
                        "name": name[:100],
                        "row_count": found[column][key],
                        "record_id": record_id,
                        "can_create": can_create,
                        "action": "existing" if record_id else "create" if can_create else "ignore",
                    }
                )
            )
        self.value_ids = commands

    def _choices(self):
        """The values step's choices by column and normalized value (see RowParser.choice)."""
        choices = {}
        for value in self.value_ids:
            if value.action == "create" and not value.can_create:
                model = self.env["ir.model"]._get(CLASSIFICATIONS[value.column])
                raise UserError(
                    self.env._(
                        "You cannot create a new %(kind)s: choose what “%(value)s” becomes among the "
                        "existing ones, or leave it empty.",
                        kind=model.name,
                        value=value.name,
                    )
                )
            choices.setdefault(value.column, {})[normalize(value.name)] = value._choice()
        return choices

    # Importing

    def _plan(self):
        headers, rows = self._read_sheet()
        mapping = self._mapping()
        lookups = read_lookups(self.env, self._choices())
        parser = RowParser(self.env, lookups)
        plan = ImportPlan(self.env, self.duplicate_policy, lookups)
        for number, values in rows:
            cells = {column: values[index] for index, column in mapping.items() if index < len(values)}
            try:
                plan.add(number, values, parser.parse(cells))
            except RowError as error:
                plan.reject(number, values, error)
        plan.check_requirements()
        return headers, plan

    def _run(self, dry_run):
        headers, plan = self._plan()
        if not dry_run and (self.valid_rows_only or not plan.rejected):
            with self.env.cr.savepoint():
                self.partner_ids = plan.apply()
        self._report(plan, headers)

    # In the background

    @api.model
    def _cron_import_contacts(self):
        """Advance the oldest import waiting in the background by a few seconds of work: first its plan
        (all the rows read and checked; a rejected row in all-or-nothing mode ends it there, nothing
        written), then its writes in batches, each committed with its progress."""
        wizard = self.sudo().search([("state", "=", "running")], order="id", limit=1)
        if not wizard:
            return
        user = wizard.create_uid
        wizard = (
            wizard.with_user(user).with_company(wizard.company_id).with_context(lang=user.lang, tz=user.tz)
        )
        planning = not wizard.job_units
        try:
            with self.env.cr.savepoint():
                if planning:
                    wizard._plan_in_background()
                else:
                    wizard._write_in_background()
        except Exception as error:  # the user is told; the next imports are not held up
            _logger.exception("Background import %s failed", wizard.id)
            wizard.job_error = str(error)[:500]
            wizard._finish()
        remaining = self.sudo().search_count([("state", "=", "running")])
        if planning and remaining:
            # Reading and checking a large file takes most of a worker's time limit: this run of the
            # scheduled action ends here (no progress reported) and the writes start in the next one.
            self.env.ref("pyme_crm.ir_cron_import_contacts")._trigger()
        else:
            self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)

    def _plan_in_background(self):
        headers, plan = self._plan()
        self._report(plan, headers)
        if plan.rejected and not self.valid_rows_only:
            self._finish()
            return
        units = plan.prepare()
        if not units:
            self._finish()
            return
        self.write(
            {
                # one unit per line: each run reads only the lines it writes
                "job_units": base64.b64encode(b"\n".join(json.dumps(unit).encode() for unit in units)),
                "job_total": len(units),
                "job_done": 0,
            }
        )

    def _write_in_background(self):
        lines = base64.b64decode(self.job_units).split(b"\n")
        plan = ImportPlan(self.env, self.duplicate_policy, {})
        done, deadline = self.job_done, time.monotonic() + BATCH_SECONDS
        while done < len(lines) and time.monotonic() < deadline:
            batch = [json.loads(line) for line in lines[done : done + BATCH_UNITS]]
            self.partner_ids = [Command.link(partner.id) for partner in plan.write_units(batch)]
            done += len(batch)
        self.job_done = done
        if done >= len(lines):
            self.job_units = False
            self._finish()

    def _finish(self):
        """The import is over: the user is told, in their inbox, with the rejected rows attached."""
        self.state = "done"
        written = self.valid_rows_only or not self.rejected_count
        body = self.env._(
            "Import of %(file)s: %(new)s new, %(updated)s updated, %(skipped)s skipped, %(rejected)s "
            "rejected.",
            file=self.filename or "",
            new=self.new_count if written else 0,
            updated=self.updated_count if written else 0,
            skipped=self.skipped_count,
            rejected=self.rejected_count,
        )
        if self.job_error:
            body = self.env._(
                "The import of %(file)s stopped after %(done)s of %(total)s contacts (%(error)s). The "
                "contacts written are kept: import the file again to add the others, they are found as "
                "already there.",
                file=self.filename or "",
                done=self.job_done,
                total=self.job_total,
                error=self.job_error,
            )
        elif not written:
            body += " " + self.env._(
                "Nothing was imported: correct the rejected rows and import the file again."
            )
        attachments = (
            [(self.rejected_filename, base64.b64decode(self.rejected_file))] if self.rejected_file else []
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=self.env.user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=self.env._("Contacts imported") if written else self.env._("Contacts not imported"),
            body=body,
            attachments=attachments,
            notify_author=True,  # the recipient is the current user: Odoo skips them as the "author" else
        )
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "success" if written else "warning",
                "title": self.env._("Import from Excel"),
                "message": body,
            },
        )

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

    def _report(self, plan, headers):
        problems = sorted(
            [
                *(
                    {
                        "row": number,
                        "kind": "rejected",
                        "column": error.column,
                        "value": error.value,
                        "message": error.message,
                    }
                    for number, _values, error in plan.rejected[:MAX_PROBLEMS_SHOWN]
                ),
                *(
                    {"row": number, "kind": kind, "message": message}
                    for number, kind, message in plan.notices[:MAX_PROBLEMS_SHOWN]
                ),
            ],
            key=lambda problem: problem["row"],
        )[:MAX_PROBLEMS_SHOWN]
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
                "problem_ids": [Command.clear(), *(Command.create(problem) for problem in problems)],
                "rejected_file": rejected_file,
                "rejected_filename": f"rechazados_{(self.filename or 'contactos').rsplit('.', 1)[0]}.xlsx",
            }
        )
