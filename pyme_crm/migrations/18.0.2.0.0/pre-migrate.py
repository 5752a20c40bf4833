from odoo.tools import SQL


def migrate(cr, version):
    """The ABC suggestion became company-dependent (a jsonb value per company): its old single values,
    which the last company ranked overwrote, are dropped; the next ABC run (the monthly cron, or the
    "Suggest ABC priorities" action) gives each company its own."""
    cr.execute(
        SQL(
            """ALTER TABLE res_partner DROP COLUMN IF EXISTS abc_revenue,
                                       DROP COLUMN IF EXISTS abc_share,
                                       DROP COLUMN IF EXISTS abc_suggest_a"""
        )
    )
