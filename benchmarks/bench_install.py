"""Install pyme_crm on an existing database full of contacts and documents.

Builds a database with only pyme_crm's dependencies, seeds it (seed.py, without lists), then
installs pyme_crm, which classifies the existing partners (hooks.post_init_hook). Prints the
install's wall time, the classification's own time and query count, and the partners per list.

    python benchmarks/bench_install.py --config .odoo/odoo.conf --database DB --partners 50000
"""

import argparse
import ast
import subprocess
import sys
import time
from pathlib import Path

import odoo
from odoo.tools import config

from seed import seed

ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
MANIFEST = Path(__file__).resolve().parent.parent / "pyme_crm" / "__manifest__.py"


def odoo_bin(conf, database, *args):
    command = [
        sys.executable,
        str(ODOO_BIN),
        "-c",
        conf,
        "-d",
        database,
        "--stop-after-init",
        "--log-level=warn",
    ]
    subprocess.run([*command, *args], check=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument(
        "--database", required=True, help="its name, suffixed, names the benchmark's own database"
    )
    parser.add_argument("--partners", type=int, default=5000, help="companies (people come on top)")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "--log-level=warn"])
    database = f"{args.database}_install"
    depends = ast.literal_eval(MANIFEST.read_text())["depends"]
    odoo.service.db.exp_drop(database)
    try:
        odoo_bin(args.config, database, "-i", ",".join(depends), "--without-demo=all")
        registry = odoo.modules.registry.Registry(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            seed(
                env,
                partners=args.partners,
                opportunities=args.partners // 5,
                quotations=args.partners // 6,
                invoices=args.partners // 10,
            )
        odoo.sql_db.close_db(database)
        start = time.perf_counter()
        odoo_bin(args.config, database, "-i", "pyme_crm")
        install_seconds = time.perf_counter() - start
        registry = odoo.modules.registry.Registry.new(database)
        with registry.cursor() as cr:
            cr.execute("SELECT commercial_list, count(*) FROM res_partner GROUP BY 1 ORDER BY 1")
            per_list = dict(cr.fetchall())
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            # importable once the registry has set the addons path up
            from odoo.addons.pyme_crm.hooks import post_init_hook

            queries, start = cr.sql_log_count, time.perf_counter()
            post_init_hook(env)
            hook_seconds = time.perf_counter() - start
            hook_queries = cr.sql_log_count - queries
            cr.rollback()
        total = sum(per_list.values())
        print(f"partners                {total:>8}")
        print(f"install of pyme_crm     {install_seconds:>8.1f} s (whole odoo-bin -i, start-up included)")
        print(f"classification          {hook_seconds:>8.2f} s {hook_queries:>4} queries")
        for name, count in per_list.items():
            print(f"  {name or 'none':<21} {count:>8}")
    finally:
        odoo.sql_db.close_db(database)
        odoo.service.db.exp_drop(database)


if __name__ == "__main__":
    main()
