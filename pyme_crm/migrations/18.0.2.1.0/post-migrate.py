from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The outcomes are not updated from their data file (noupdate): "No answer" gets its new mark."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    if outcome := env.ref("pyme_crm.outcome_no_answer", raise_if_not_found=False):
        outcome.no_answer = True
