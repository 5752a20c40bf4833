"""Import a 10,000-row Spanish contacts workbook with pyme_crm's wizard and with Odoo's own import.

Builds the workbook (--rows contact people of about --rows / 2.5 companies: Empresa, NIF/CIF, Nombre,
Cargo, Teléfono, Móvil, Email, Dirección, Ciudad, CP, Provincia, País, Lista, Prioridad, Comercial,
Seguimiento, Notas), then imports it twice, each time in a transaction rolled back afterwards:

- pyme_crm's wizard, duplicate detection and validation on (skip duplicates, all or nothing);
- Odoo's base_import into res.partner on the same file: Nombre, Cargo, phones, Email, address and
  Empresa as the parent company (created by name when missing), the columns it can map (not the
  company's NIF/CIF, which it would write on each person).

It prints rows per second for both and the ratio (the issue's target: at least 3).

    python benchmarks/bench_import.py --config .odoo/odoo.conf --database DB --rows 10000
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
LISTS = [("Clientes", "ABC"), ("Prospectos", "123"), ("Base de datos", ""), ("En espera", "ABC123")]
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
        commercial_list, priorities = rng.choice(LISTS)
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
    if wizard.rejected_count:
        raise RuntimeError(f"pyme_crm rejected rows: {wizard.problem_ids[:3].mapped('message')}")
    return wizard.new_count


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


def timed(registry, function, data):
    with registry.cursor() as cr:
        # a Spanish user's import: names of countries and provinces are matched in Spanish
        lang = (
            "es_ES"
            if "es_ES" in dict(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["res.lang"].get_installed())
            else None
        )
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": lang} if lang else {})
        start, queries = time.perf_counter(), cr.sql_log_count
        function(env, data)
        env.flush_all()
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - queries
        cr.rollback()
    return seconds, queries


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--only", choices=["pyme_crm", "odoo"], help="run one import (for farm-bench --vs)")
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        logins = (
            env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share).mapped("login")
        )
    data = build_workbook(args.rows, logins)
    print(f"workbook                    {args.rows:>8} rows, {len(data) / 1024:.0f} KB")
    results = {}
    for label, function in (("pyme_crm", import_with_pyme_crm), ("odoo", import_with_odoo)):
        if args.only in (None, label):
            seconds, queries = timed(registry, function, data)
            results[label] = args.rows / seconds
            print(f"{label:<12} {seconds:>8.2f} s {results[label]:>8.0f} rows/s {queries:>8} queries")
    if len(results) == 2:
        print(f"ratio pyme_crm / odoo       {results['pyme_crm'] / results['odoo']:>8.2f}")


if __name__ == "__main__":
    main()
