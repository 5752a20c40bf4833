"""Fill a pyme_crm database with realistic, Spanish-looking volumes.

    python benchmarks/seed.py --config .odoo/odoo.conf --database DB \
        --partners 5000 --opportunities 2000 --quotations 1500 --invoices 1000 --seed 42

The same seed gives the same data. Each step prints rows, seconds, rows per second and SQL
queries, so the seeding doubles as a benchmark of the ORM paths the addon extends. Other
benchmark scripts import seed() to build their own volumes.
"""

import argparse
import os
import random
import time
from contextlib import closing, contextmanager

import psycopg2

import odoo
from odoo import Command
from odoo.tools import config

BATCH = 500
FIRST_NAMES = [
    "Lucía",
    "María",
    "Carmen",
    "Ana",
    "Laura",
    "Marta",
    "Elena",
    "Sara",
    "Paula",
    "Isabel",
    "Rosa",
    "Cristina",
    "Pilar",
    "Nuria",
    "Raquel",
    "Antonio",
    "Manuel",
    "José",
    "Javier",
    "David",
    "Pablo",
    "Daniel",
    "Carlos",
    "Miguel",
    "Alejandro",
    "Luis",
    "Sergio",
    "Jorge",
    "Vicente",
    "Pedro",
]
SURNAMES = [
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Morales",
    "Suárez",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Iglesias",
]
TRADES = [
    "Talleres",
    "Construcciones",
    "Distribuciones",
    "Panadería",
    "Ferretería",
    "Bodegas",
    "Clínica",
    "Dental",
    "Gestoría",
    "Transportes",
    "Instalaciones",
    "Carpintería",
    "Asesoría",
    "Imprenta",
    "Farmacia",
    "Hotel",
    "Restaurante",
    "Academia",
    "Óptica",
    "Frutas",
    "Reformas",
    "Electricidad",
    "Fontanería",
    "Limpiezas",
    "Estudio",
]
LEGAL_FORMS = ("S.L.", "S.A.", "S.L.U.", "S.Coop.", "y Asociados", "")
CITIES = (
    ("Madrid", "M", "28"),
    ("Barcelona", "B", "08"),
    ("Valencia", "V", "46"),
    ("Sevilla", "SE", "41"),
    ("Zaragoza", "Z", "50"),
    ("Málaga", "MA", "29"),
    ("Bilbao", "BI", "48"),
    ("Valladolid", "VA", "47"),
    ("Murcia", "MU", "30"),
    ("Granada", "GR", "18"),
)
LISTS = (("reserve", 40), ("prospect", 30), ("client", 20), ("on_hold", 5), ("proposal", 5))
PRIORITIES = {"client": "ABC", "prospect": "123", "proposal": "ABC123", "on_hold": "ABC123", "reserve": ""}


class Meter:
    """Prints rows, seconds, rows per second and SQL queries of one seeding step."""

    def __init__(self, cr, label):
        self.cr, self.label = cr, label

    def __enter__(self):
        self.start, self.queries = time.perf_counter(), self.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.query_count = self.cr.sql_log_count - self.queries

    def report(self, rows):
        rate = rows / self.seconds if self.seconds else 0
        print(
            f"{self.label:<22} {rows:>7} rows {self.seconds:>8.2f} s {rate:>9.0f} rows/s "
            f"{self.query_count:>8} queries {self.query_count / max(rows, 1):>6.2f} queries/row"
        )


def _batches(items):
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _create(env, model, vals_list):
    ids = []
    for chunk in _batches(vals_list):
        ids += env[model].create(chunk).ids
    return env[model].browse(ids)


def _phone(rng, mobile=False):
    first = rng.choice("67") if mobile else "9"
    return f"+34 {first}{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _partner_values(rng, env, count, salespeople):
    spain = env.ref("base.es")
    states = {s.code: s.id for s in env["res.country.state"].search([("country_id", "=", spain.id)])}
    lists = [name for name, weight in LISTS for _ in range(weight)]
    companies = []
    for index in range(count):
        trade, surname = rng.choice(TRADES), rng.choice(SURNAMES)
        name = f"{trade} {surname} {rng.choice(LEGAL_FORMS)}".strip()
        city, state_code, zip_prefix = rng.choice(CITIES)
        slug = f"{trade}{surname}{index}".lower()
        companies.append(
            {
                "name": name,
                "is_company": True,
                "user_id": rng.choice(salespeople).id,
                "email": f"info@{slug}.example",
                "phone": _phone(rng),
                "street": f"Calle {rng.choice(SURNAMES)}, {rng.randint(1, 150)}",
                "city": city,
                "zip": f"{zip_prefix}{rng.randint(0, 999):03d}",
                "state_id": states.get(state_code),
                "country_id": spain.id,
            }
        )
    if "commercial_list" not in env["res.partner"]._fields:
        return companies  # a database without pyme_crm yet, for the install benchmark
    for vals in companies:
        commercial_list = rng.choice(lists)
        priorities = PRIORITIES[commercial_list]
        vals["commercial_list"] = commercial_list
        vals["commercial_priority"] = rng.choice(priorities) if priorities else False
    return companies


def seed(env, partners=1000, opportunities=400, quotations=300, invoices=200, salespeople=5, rng_seed=42):
    """Create the volumes in env's database; return the created records by kind."""
    rng = random.Random(rng_seed)
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    cr = env.cr
    created = {}

    with Meter(cr, "salespeople") as meter:
        group = env.ref("sales_team.group_sale_salesman")
        users = _create(
            env,
            "res.users",
            [
                {
                    "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    "login": f"seed_comercial_{rng_seed}_{n}",
                    "groups_id": [Command.set(group.ids)],
                }
                for n in range(salespeople)
            ],
        )
    meter.report(len(users))
    created["users"] = users

    with Meter(cr, "companies") as meter:
        companies = _create(env, "res.partner", _partner_values(rng, env, partners, users))
    meter.report(len(companies))

    with Meter(cr, "contact people") as meter:
        people_vals = []
        for company in companies:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                people_vals.append(
                    {
                        "name": f"{first} {surname} {rng.choice(SURNAMES)}",
                        "parent_id": company.id,
                        "email": f"{first}.{surname}.{company.id}@correo.example".lower(),
                        "mobile": _phone(rng, mobile=True),
                    }
                )
        people = _create(env, "res.partner", people_vals)
    meter.report(len(people))
    created["partners"] = companies | people

    stages = env["crm.stage"].search([("is_won", "=", False)])
    with Meter(cr, "opportunities") as meter:
        leads = _create(
            env,
            "crm.lead",
            [
                {
                    "name": f"{rng.choice(('Renovación', 'Ampliación', 'Instalación', 'Mantenimiento'))} "
                    f"{company.name}",
                    "type": "opportunity",
                    "partner_id": company.id,
                    "user_id": company.user_id.id,
                    "stage_id": rng.choice(stages).id,
                    "expected_revenue": rng.randint(5, 300) * 100,
                }
                for company in (rng.choice(companies) for _ in range(opportunities))
            ],
        )
    meter.report(len(leads))
    created["leads"] = leads

    products = _create(
        env,
        "product.product",
        [
            {"name": name, "type": "service", "list_price": price}
            for name, price in (("Mantenimiento anual", 1200), ("Instalación", 450), ("Consultoría", 90))
        ],
    )
    with Meter(cr, "quotations") as meter:
        orders = _create(
            env,
            "sale.order",
            [
                {
                    "partner_id": lead.partner_id.id,
                    "opportunity_id": lead.id,
                    "user_id": lead.user_id.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": rng.randint(1, 10)})
                        for product in rng.sample(list(products), rng.randint(1, 3))
                    ],
                }
                for lead in (rng.choice(leads) for _ in range(quotations))
            ],
        )
    meter.report(len(orders))
    with Meter(cr, "orders confirmed") as meter:
        confirmed = orders.filtered(lambda order: rng.random() < 0.5)
        for chunk in _batches(confirmed):
            chunk.action_confirm()
    meter.report(len(confirmed))
    created["orders"] = orders

    with Meter(cr, "invoices posted") as meter:
        moves = _create(
            env,
            "account.move",
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": rng.randint(1, 5),
                                "price_unit": product.list_price,
                            }
                        )
                        for product in rng.sample(list(products), rng.randint(1, 3))
                    ],
                }
                for partner in (rng.choice(companies) for _ in range(invoices))
            ],
        )
        for chunk in _batches(moves):
            chunk.action_post()
    meter.report(len(moves))
    created["invoices"] = moves
    env.flush_all()
    return created


def salespeople(env, count=5):
    """``count`` salespeople with CRM PYME's salesperson profile (created once): whom the benchmarks
    work as, each seeing their own contacts through the profile's record rules."""
    Users = env["res.users"].with_context(no_reset_password=True)
    groups = env.ref("sales_team.group_sale_salesman") | env.ref("pyme_crm.group_pyme_salesperson")
    existing = Users.search([("login", "=like", "bench_salesperson_%")], order="id")
    for n in range(len(existing), count):
        existing |= Users.create(
            {
                "name": f"Comercial {n}",
                "login": f"bench_salesperson_{n}",
                "groups_id": [Command.set(groups.ids)],
            }
        )
    return existing


def repeat(env, runs, call):
    """Run ``call()`` ``runs`` times with empty caches, after a run that warms the registry's caches
    (rules, views) as a server's first request does: its last result, and the SQL queries and seconds
    of each measured run."""
    env.invalidate_all()
    call()
    queries, seconds = [], []
    for _ in range(runs):
        env.invalidate_all()
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_queries)
    return result, queries, seconds


def environment(parser):
    """Parse --config/--database (plus the caller's options) and open the database."""
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True, help="database with pyme_crm installed")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    return args, registry


@contextmanager
def scratch_copy(args):
    """A registry on a copy of --database that the benchmark fills, commits and vacuums as autovacuum
    would on a real database (a rolled-back top-up has no statistics of its own, no visibility map:
    the planner misjudges it); the copy is dropped at the end, the database is left as it was."""
    name = f"{args.database}_scratch_{os.getpid()}"
    odoo.sql_db.close_db(args.database)  # a template has no other session
    with closing(_autocommit("postgres")) as cnx, cnx.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{args.database}"')
    try:
        yield odoo.modules.registry.Registry(name)
    finally:
        odoo.modules.registry.Registry.delete(name)
        odoo.sql_db.close_db(name)
        with closing(_autocommit("postgres")) as cnx, cnx.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vacuum(dbname, tables):
    """VACUUM ANALYZE the tables, as autovacuum does after they grew (outside any transaction)."""
    with closing(_autocommit(dbname)) as cnx, cnx.cursor() as cr:
        for table in tables:
            cr.execute(f"VACUUM ANALYZE {table}")


def _autocommit(dbname):
    cnx = psycopg2.connect(**odoo.sql_db.connection_info_for(dbname)[1])
    cnx.autocommit = True
    return cnx


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, default=1000, help="companies (people come on top)")
    parser.add_argument("--opportunities", type=int, default=400)
    parser.add_argument("--quotations", type=int, default=300)
    parser.add_argument("--invoices", type=int, default=200)
    parser.add_argument("--salespeople", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42, help="same seed, same data")
    args, registry = environment(parser)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        seed(
            env,
            args.partners,
            args.opportunities,
            args.quotations,
            args.invoices,
            args.salespeople,
            args.seed,
        )


if __name__ == "__main__":
    main()
