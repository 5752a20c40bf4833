"""Import a 10,000-row Spanish contacts workbook with pyme_crm's wizard, against a bare batch create.

Builds the workbook (--rows contact people of about --rows / 2.5 companies: Empresa, NIF/CIF, Nombre,
Cargo, Teléfono, Móvil, Email, Dirección, Ciudad, CP, Provincia, País, Lista, Prioridad, Comercial,
Seguimiento, Notas), then imports it each way chosen with --only, each in a transaction rolled back
afterwards, as superuser (so without the list requirements' check on create):

- pyme_crm: the wizard, duplicate detection and validation on (skip duplicates, all or nothing),
  follow-ups scheduled and notes posted;
- bare: the baseline, res.partner.create() of the same companies in one batch, then of their people in
  another (parent_id set), tracking off, every value already resolved to ids before the clock starts
  (no reading, parsing, duplicate check, follow-up nor note);
- odoo: Odoo's base_import into res.partner on the same file: Nombre, Cargo, phones, Email, address
  and Empresa as the parent company (created by name when missing), the columns it can map (not the
  company's NIF/CIF, which it would write on each person).

It prints seconds, rows per second and SQL queries of each, then "ratio pyme_crm / X": the wizard's
rows per second divided by X's (2: the wizard imports twice as many rows a second). The bare create
is no ceiling: Odoo syncs each new person from its company one by one, which the wizard does in its
batch. The issue's target: the wizard at least 4x the bare create's rows/s (ratio pyme_crm / bare >= 4).

    python benchmarks/bench_import.py --config .odoo/odoo.conf --database DB --rows 10000 [--only ...]
"""

import argparse
import base64
import io
import random
import time

import openpyxl

import odoo

from seed import CITIES, FIRST_NAMES, SURNAMES, TRADES, environment

HEADERS = [
    "Empresa", "NIF/CIF", "Nombre", "Cargo", "Teléfono", "Móvil", "Email", "Dirección", "Ciudad", "CP",
    "Provincia", "País", "Lista", "Prioridad", "Comercial", "Seguimiento", "Notas",
]  # fmt: skip
STATE_NAMES = {
    "Madrid": "Madrid", "Barcelona": "Barcelona", "Valencia": "València (Valencia)", "Sevilla": "Sevilla",
    "Zaragoza": "Zaragoza", "Málaga": "Málaga", "Bilbao": "Bizkaia (Vizcaya)", "Valladolid": "Valladolid",
    "Murcia": "Murcia", "Granada": "Granada",
}  # fmt: skip
LISTS = {  # the list as the file names it: its key, the priorities it takes
    "Clientes": ("client", "ABC"), "Prospectos": ("prospect", "123"), "Base de datos": ("reserve", ""),
    "En espera": ("on_hold", "ABC123"),
}  # fmt: skip
SHARED_COLUMNS = {"NIF/CIF": "vat", "Dirección": "street", "Ciudad": "city", "CP": "zip"}
PERSON_COLUMNS = {
    "Nombre": "name",
    "Cargo": "function",
    "Teléfono": "phone",
    "Móvil": "mobile",
    "Email": "email",
}
FOLLOWUPS = ["hoy", "mañana", "próxima semana", "marzo", "septiembre", "15/01/2027", ""]


def build_workbook(rows, logins, seed=7):
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Contactos")
    sheet.append(HEADERS)
    written, company = 0, 0
    while written < rows:
        company += 1
        trade, surname = rng.choice(TRADES), rng.choice(SURNAMES)
        city, _state, zip_prefix = rng.choice(CITIES)
        name = f"{trade} {surname} {city} {company} S.L."
        commercial_list = rng.choice(list(LISTS))
        priorities = LISTS[commercial_list][1]
        priority = rng.choice(priorities) if priorities else ""
        for person in range(min(rng.randint(1, 4), rows - written)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            sheet.append(
                [
                    name,
                    f"B{company:08d}",  # a client needs its tax ID (and an email, its people's)
                    f"{first} {last}",
                    rng.choice(["Gerente", "Compras", "Administración", "Técnico"]),
                    f"9{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    f"6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    f"{first}.{last}.{company}.{person}@empresa{company}.example".lower(),
                    f"Calle {rng.choice(SURNAMES)}, {rng.randint(1, 150)}",
                    city,
                    f"{zip_prefix}{rng.randint(0, 999):03d}",
                    STATE_NAMES[city],
                    "España",
                    commercial_list,
                    priority,
                    rng.choice(logins),
                    rng.choice(FOLLOWUPS) if person == 0 else "",
                    rng.choice(["", "Pidió catálogo", "Visitar en primavera", "Conocido de feria"]),
                ]
            )
            written += 1
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_with_pyme_crm(env, data):
    wizard = env["res.partner.import"].create({"file": base64.b64encode(data), "filename": "contactos.xlsx"})
    wizard.action_read_file()
    wizard.action_import()
    runs = []
    while wizard.state == "running":  # a large file: the scheduled action's runs, one after the other
        start = time.perf_counter()
        wizard._cron_import_contacts()
        runs.append(time.perf_counter() - start)
    if runs:  # each must end well within Odoo's limit_time_real (120 s by default)
        print(
            f"{'background':<24}{len(runs):>8} runs: reading and checking {runs[0]:.1f} s, "
            f"then writing {sum(runs[1:]):.1f} s, the longest of those {max(runs[1:], default=0):.1f} s"
        )
    if wizard.rejected_count:
        raise RuntimeError(f"pyme_crm rejected rows: {wizard.problem_ids[:3].mapped('message')}")
    return wizard.new_count


def bare_values(env, data):
    """The workbook's companies by name and its people (with their company's name), as create values
    with every name resolved to its id: what the bare create is given, read before it is timed."""
    spain = env.ref("base.es").id
    states = {state.name: state.id for state in env["res.country.state"].search([("country_id", "=", spain)])}
    users = {user.login: user.id for user in env["res.users"].search([])}
    companies, people = {}, []
    for row in openpyxl.load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(min_row=2):
        cell = {header: cell.value for header, cell in zip(HEADERS, row, strict=False)}
        shared = {  # the company's commercial and address fields, which its people hold too
            **{name: cell[header] for header, name in SHARED_COLUMNS.items()},
            "state_id": states[cell["Provincia"]],
            "country_id": spain,
            "commercial_list": LISTS[cell["Lista"]][0],
            "commercial_priority": cell["Prioridad"] or False,
        }
        company = {"name": cell["Empresa"], "is_company": True, "user_id": users[cell["Comercial"]]}
        companies.setdefault(cell["Empresa"], {**company, **shared})
        person = {name: cell[header] for header, name in PERSON_COLUMNS.items()}
        people.append((cell["Empresa"], {**person, **shared, "type": "contact"}))
    return companies, people


def import_bare(env, values):
    companies, people = values
    Partner = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    ids = dict(zip(companies, Partner.create(list(companies.values())).ids, strict=True))
    return len(Partner.create([{**vals, "parent_id": ids[company]} for company, vals in people]))


def import_with_odoo(env, data):
    importer = env["base_import.import"].create(
        {"res_model": "res.partner", "file": data, "file_name": "contactos.xlsx", "file_type": "xlsx"}
    )
    mapping = {
        "Empresa": "parent_id", "Nombre": "name", "Cargo": "function", "Teléfono": "phone", "Móvil": "mobile",
        "Email": "email", "Dirección": "street", "Ciudad": "city", "CP": "zip", "Provincia": "state_id",
        "País": "country_id",
    }  # fmt: skip
    result = importer.execute_import(
        [mapping.get(header, False) for header in HEADERS],
        HEADERS,
        {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "name_create_enabled_fields": {"parent_id": True},
        },
    )
    errors = [message for message in result["messages"] if message.get("type") == "error"]
    if errors:
        raise RuntimeError(f"Odoo's import failed: {errors[:3]}")
    return len(result["ids"])


def timed(registry, function, data, prepare=None):
    """Seconds and SQL queries of ``function(env, data)`` (its data first made by ``prepare(env, data)``,
    untimed), in a transaction rolled back afterwards."""
    with registry.cursor() as cr:
        # a Spanish user's import: names of countries and provinces are matched in Spanish
        lang = (
            "es_ES"
            if "es_ES" in dict(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["res.lang"].get_installed())
            else None
        )
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": lang} if lang else {})
        data = prepare(env, data) if prepare else data
        start, queries = time.perf_counter(), cr.sql_log_count
        function(env, data)
        env.flush_all()
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - queries
        cr.rollback()
    return seconds, queries


IMPORTS = {
    "pyme_crm": (None, import_with_pyme_crm),
    "bare": (bare_values, import_bare),
    "odoo": (None, import_with_odoo),
}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(IMPORTS),
        default=["pyme_crm", "bare"],
        help="the imports to run (default: pyme_crm bare; one alone for farm-bench --vs)",
    )
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        logins = (
            env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share).mapped("login")
        )
    data = build_workbook(args.rows, logins)
    print(f"{'workbook':<24}{args.rows:>8} rows, {len(data) / 1024:.0f} KB")
    results = {}
    for label, (prepare, function) in IMPORTS.items():
        if label in args.only:
            seconds, queries = timed(registry, function, data, prepare)
            results[label] = args.rows / seconds
            print(f"{label:<24}{seconds:>8.2f} s {results[label]:>8.0f} rows/s {queries:>8} queries")
    if wizard := results.pop("pyme_crm", None):
        for other, rate in results.items():
            print(f"{'ratio pyme_crm / ' + other:<24}{wizard / rate:>8.2f}")


if __name__ == "__main__":
    main()
