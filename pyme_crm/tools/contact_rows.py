"""The rows of a contacts workbook read into partner values, against the names the database knows."""

import re
from collections import defaultdict

import phonenumbers

from odoo import fields
from odoo.tools import SQL, email_normalize

from .contact_columns import (
    CLASSIFICATIONS,
    COLUMN_FIELDS,
    COLUMN_HEADER,
    CUSTOMER_TYPE_BY_NAME,
    CUSTOMER_TYPE_VALUES,
    LIST_BY_NAME,
    LIST_TEMPLATE_VALUES,
    MULTI_VALUE_COLUMNS,
    POTENTIAL_BY_NAME,
    POTENTIAL_VALUES,
    PRIORITY_VALUES,
    company_key,
    parse_followup,
    split_values,
    vat_key,
)
from .method import CLIENT_PRIORITIES, PRIORITIES_BY_LIST
from .spreadsheet import MAX_CELL_LENGTH, MAX_NOTE_LENGTH, normalize, safe_text

MAX_SHOWN_LENGTH = 100  # of a value quoted in a message


class RowError(Exception):
    """A rejected row: the column (its template header), the value and why, for the user."""

    def __init__(self, column, value, message):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def by_names(records, *field_names):
    """Record ids by their normalized names, in every installed language and in English (the names
    Odoo is written with, known even where English is not installed)."""
    found = {}
    for lang in dict.fromkeys([code for code, _name in records.env["res.lang"].get_installed()] + ["en_US"]):
        for record in records.with_context(lang=lang):
            for field_name in field_names:
                if record[field_name]:
                    found.setdefault(normalize(record[field_name]), record.id)
    return found


def read_classes(env):
    """The business's own sectors, zones, roles, tags and origins by column, each by normalized name."""
    return {
        column: by_names(
            env[model].search([]), *(["name", "full_name"] if column == "industry" else ["name"])
        )
        for column, model in CLASSIFICATIONS.items()
    }


def creatable_classes(env):
    """By classification column, whether the user may create its records."""
    return {column: env[model].has_access("create") for column, model in CLASSIFICATIONS.items()}


def read_lookups(env, choices=None):
    """Everything a row may name, read once: users, countries, provinces, the business's own
    classifications (``classes``; ``choices``: the values step's choice for each value, by column and
    normalized value, see RowParser.choice) and the contacts already in Odoo."""
    users = env["res.users"].search([("share", "=", False)])
    user_keys = defaultdict(set)
    for user in users:
        for key in (user.name, user.login, user.email):
            if key:
                user_keys[normalize(key)].add(user.id)
    countries = env["res.country"].search([])
    states, states_anywhere = defaultdict(dict), defaultdict(set)
    for state in env["res.country.state"].search([]):
        # "València (Valencia)", "Bizkaia (Vizcaya)": each name alone is known too
        for name in {state.name, *split_values(re.sub(r"[()/]", ",", state.name))}:
            states[state.country_id.id].setdefault(normalize(name), state.id)
            states_anywhere[normalize(name)].add(state)
        states[state.country_id.id].setdefault(normalize(state.code), state.id)
    return {
        **read_contacts(env),
        "users": user_keys,
        "countries": {**by_names(countries, "name"), **{normalize(c.code): c.id for c in countries}},
        "country_codes": {country.id: country.code for country in countries},
        "states": states,
        "states_anywhere": states_anywhere,
        "default_country": env.company.country_id.id,
        "classes": read_classes(env),
        "creatable": creatable_classes(env),
        "choices": choices or {},
        "today": fields.Date.context_today(env.user),
    }


def read_contacts(env):
    """The contacts already in Odoo by what a row may share with them: company name, tax ID, email and
    phone (E.164), and ``hidden``, those the user cannot read. Duplicates are found among all the
    contacts, whoever they belong to; those the user cannot read are only said to be there (see
    ImportPlan.add), and a readable one matches first."""
    readable = (
        SQL("TRUE")
        if env.su
        else SQL("id IN %s", env["res.partner"].with_context(active_test=False)._search([]).subselect())
    )
    # read in SQL: what this transaction changed (a phone_sanitized still to compute) is written first
    env["res.partner"].flush_model(
        ["name", "vat", "email", "phone_sanitized", "is_company", "parent_id", "active"]
    )
    env.cr.execute(
        SQL(
            "SELECT id, name, vat, email, phone_sanitized, is_company, parent_id, %s AS readable "
            "FROM res_partner WHERE active ORDER BY readable DESC, id",
            readable,
        )
    )
    companies, vats, emails, phones, hidden = {}, {}, {}, {}, set()
    for partner_id, name, vat, email, phone, is_company, parent_id, is_readable in env.cr.fetchall():
        if not is_readable:
            hidden.add(partner_id)
        if is_company:
            companies.setdefault(company_key(name or ""), partner_id)
        elif phone:
            phones.setdefault(phone, partner_id)
        if vat and (is_company or not parent_id):
            vats.setdefault(vat_key(vat), partner_id)
        if email and (normalized := email_normalize(email)):
            emails.setdefault(normalized, partner_id)
    return {"companies": companies, "vats": vats, "emails": emails, "phones": phones, "hidden": hidden}


def valid_email(text):
    """The cell's email normalized, when the cell is one valid address ("ana@ruiz.es", "Ana Ruiz
    <Ana@Ruiz.es>"), else False: email_normalize alone takes what it finds in a typo ("ana@@ruiz" gives
    "@ruiz", "ana@ruiz,es" gives "ana@ruiz", "ana ruiz@x.es" gives "ruiz@x.es")."""
    email = email_normalize(text)
    if not email:
        return False
    written = text.strip()
    if written.endswith(">") and "<" in written:
        written = written[written.rindex("<") + 1 : -1].strip()
    local, _at, domain = email.rpartition("@")
    if written.lower() != email.lower() or not local or "." not in domain.strip(".") or ".." in domain:
        return False
    return email


class RowParser:
    """Reads a row's cells (by column key) into the values of its commercial entity (the company, or
    the individual without one) and of its contact person, with the messages in the env's language."""

    def __init__(self, env, lookups):
        self.env, self.lookups = env, lookups
        self.assignable = {}  # salesperson id -> whether the user may create a contact of theirs

    def parse(self, cells):
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
        if "function" in text:
            target["function"] = text["function"]
        for column in ("website", "street", "city"):
            if column in text:
                entity[column] = text[column]
        warnings = []
        if "email" in text:
            if email := valid_email(text["email"]):
                target["email"] = email
            else:  # kept out of the email field, the contact imported: the note says what to fix
                warnings.append(
                    self.env._("email not imported, it is not valid: %s", text["email"][:MAX_SHOWN_LENGTH])
                )
        if "vat" in text:
            entity["vat"] = vat_key(text["vat"])
        country_id = self._parse_address(text, entity)
        phones = self._parse_phones(text, target, country_id)
        self._parse_commercial(text, entity)
        followup = None
        if cells.get("followup") not in (None, ""):
            try:
                followup = parse_followup(cells["followup"], self.lookups["today"])
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
            "classes": self._parse_classes(text),
            "phones": phones,
            "followup": followup,
            "note": text.get("notes"),
            "warnings": warnings,
        }

    def choice(self, column, value):
        """What a classification ``value`` of ``column`` becomes: the values step's choice when made,
        else the record of that name (in any case, with or without accents), else a new one of that
        name (a str) if the user may create it, else nothing (None)."""
        key = normalize(value)
        choices = self.lookups["choices"].get(column, {})
        if key in choices:
            return choices[key]
        found = self.lookups["classes"][column].get(key)
        return found or (value if self.lookups["creatable"][column] else None)

    def _may_assign(self, user_id):
        """Whether the user's record rules let them create a contact of that salesperson."""
        if user_id not in self.assignable:
            Partner = self.env["res.partner"]
            domain = [] if self.env.su else self.env["ir.rule"]._compute_domain(Partner._name, "create")
            self.assignable[user_id] = not domain or bool(
                Partner.new({"user_id": user_id}).filtered_domain(domain)
            )
        return self.assignable[user_id]

    def _parse_classes(self, text):
        """The sectors, zones, roles, tags and origin of the row: by column, the chosen record ids and
        the names of those to create."""
        classes = {}
        for column in CLASSIFICATIONS:
            if column in text:
                values = split_values(text[column]) if column in MULTI_VALUE_COLUMNS else [text[column]]
                chosen = [self.choice(column, value) for value in values]
                if chosen := [choice for choice in chosen if choice is not None]:
                    classes[COLUMN_FIELDS[column]] = chosen
        return classes

    def _parse_phones(self, text, target, country_id):
        """The phones in the international format of the contact's country when they are numbers (else
        as written); returns their E.164 form by column, which the duplicate check compares."""
        region = self.lookups["country_codes"].get(country_id)
        found = {}
        for column in ("phone", "mobile"):
            if column not in text:
                continue
            target[column] = text[column]
            try:
                number = phonenumbers.parse(text[column], region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                target[column] = phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
                )
                found[column] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return found

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

    def _parse_address(self, text, entity):
        country_id = self.lookups["default_country"]
        if "country" in text:
            country_id = self.lookups["countries"].get(normalize(text["country"]))
            if not country_id:
                raise RowError(COLUMN_HEADER["country"], text["country"], self.env._("unknown country"))
            entity["country_id"] = country_id
        if "state" in text:
            key = normalize(text["state"])
            state_id = self.lookups["states"].get(country_id, {}).get(key)
            anywhere = self.lookups["states_anywhere"].get(key, ())
            if not state_id and "country" not in text and len(anywhere) == 1:  # unique: its country follows
                state = next(iter(anywhere))
                state_id, country_id = state.id, state.country_id.id
            if not state_id:
                raise RowError(COLUMN_HEADER["state"], text["state"], self.env._("unknown province or state"))
            entity.update(state_id=state_id, country_id=country_id)
        if "zip" in text:
            zip_code = text["zip"]
            spain = self.lookups["countries"].get("es")
            if zip_code.isdigit() and len(zip_code) == 4 and entity.get("country_id", country_id) == spain:
                zip_code = zip_code.zfill(5)  # Excel drops the leading zero of 08001
            entity["zip"] = zip_code
        return entity.get("country_id", country_id)

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

    def _parse_commercial(self, text, entity):
        self._parse_list_and_priority(text, entity)
        if "salesperson" in text:
            users = self.lookups["users"].get(normalize(text["salesperson"]), set())
            if len(users) != 1:
                raise RowError(
                    COLUMN_HEADER["salesperson"],
                    text["salesperson"],
                    self.env._("several users match this salesperson")
                    if users
                    else self.env._("no user with this name, login or email"),
                )
            user_id = next(iter(users))
            if not self._may_assign(user_id):
                raise RowError(
                    COLUMN_HEADER["salesperson"],
                    text["salesperson"],
                    self.env._(
                        "you cannot create contacts of this salesperson: leave the column empty or ask "
                        "a sales manager to import them"
                    ),
                )
            entity["user_id"] = user_id
        for column, names, accepted in (
            ("customer_type", CUSTOMER_TYPE_BY_NAME, CUSTOMER_TYPE_VALUES),
            ("purchase_potential", POTENTIAL_BY_NAME, POTENTIAL_VALUES),
        ):
            if column in text:
                if not (value := names.get(normalize(text[column]))):
                    raise RowError(
                        COLUMN_HEADER[column],
                        text[column],
                        self.env._(
                            "unknown value: write %s", ", ".join(names[0] for names in accepted.values())
                        ),
                    )
                entity[column] = value
