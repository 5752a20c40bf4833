from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_lead import COST_FIGURE_GROUPS

DOCUMENT_TYPES = [
    ("quotation", "Quotation"),
    ("sale_order", "Sales order"),
    ("invoice", "Invoice"),
    ("credit_note", "Credit note"),
    ("purchase_order", "Purchase order"),
    ("vendor_bill", "Vendor bill"),
]


class CrmLeadDocumentReport(models.Model):
    """One row per document of a deal with its figures in the company currency, converted at the
    document's date: quotations and sales orders, posted customer invoices and credit notes, confirmed
    purchase orders and the posted vendor bills that do not come from one."""

    _name = "crm.lead.document.report"
    _description = "Deal documents analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "document_name"

    opportunity_id = fields.Many2one("crm.lead", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(readonly=True)
    document_type = fields.Selection(DOCUMENT_TYPES, readonly=True)
    document_name = fields.Char(string="Document", readonly=True)
    document_ref = fields.Char(readonly=True)  # "model,id" of the document
    quoted_amount = fields.Monetary(string="Quoted", readonly=True)
    ordered_amount = fields.Monetary(string="Ordered", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True)
    paid_amount = fields.Monetary(string="Paid", readonly=True)
    purchased_amount = fields.Monetary(string="Purchased", readonly=True, groups=COST_FIGURE_GROUPS)
    margin_amount = fields.Monetary(string="Margin", readonly=True, groups=COST_FIGURE_GROUPS)

    _depends = {
        "crm.lead": ["user_id", "team_id", "partner_id", "stage_id"],
        "sale.order": ["opportunity_id", "state", "amount_untaxed", "currency_rate", "date_order", "name"],
        "account.move": [
            "opportunity_id",
            "state",
            "move_type",
            "invoice_date",
            "amount_untaxed_signed",
            "amount_total_signed",
            "amount_residual_signed",
            "name",
        ],
        "account.move.line": ["balance", "display_type", "purchase_line_id"],
        "purchase.order": [
            "opportunity_id",
            "state",
            "amount_untaxed",
            "currency_rate",
            "date_approve",
            "date_order",
            "name",
        ],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT doc.id, doc.opportunity_id, lead.user_id, lead.team_id, lead.partner_id,
                   lead.stage_id, doc.company_id, company.currency_id, doc.date, doc.document_type,
                   doc.document_name, doc.document_ref, doc.quoted_amount, doc.ordered_amount,
                   doc.invoiced_amount, doc.paid_amount, doc.purchased_amount,
                   doc.invoiced_amount - doc.purchased_amount AS margin_amount
              FROM (%s) doc
              JOIN crm_lead lead ON lead.id = doc.opportunity_id
              JOIN res_company company ON company.id = doc.company_id
            """,
            SQL(" UNION ALL ").join(
                [
                    self._sale_orders(),
                    self._customer_invoices(),
                    self._purchase_orders(),
                    self._vendor_bills(),
                ]
            ),
        )

    def _sale_orders(self):
        return SQL(
            """
            SELECT so.id * 10 + 1 AS id, so.opportunity_id, so.company_id, so.date_order::date AS date,
                   CASE WHEN so.state = 'sale' THEN 'sale_order' ELSE 'quotation' END AS document_type,
                   so.name AS document_name, 'sale.order,' || so.id AS document_ref,
                   CASE WHEN so.state = 'sale' THEN 0 ELSE %(amount)s END AS quoted_amount,
                   CASE WHEN so.state = 'sale' THEN %(amount)s ELSE 0 END AS ordered_amount,
                   0 AS invoiced_amount, 0 AS paid_amount, 0 AS purchased_amount
              FROM sale_order so
             WHERE so.opportunity_id IS NOT NULL AND so.state IN ('draft', 'sent', 'sale')
            """,
            amount=SQL("so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)"),
        )

    def _customer_invoices(self):
        return SQL(
            """
            SELECT move.id * 10 + 2, move.opportunity_id, move.company_id, move.invoice_date,
                   CASE WHEN move.move_type = 'out_invoice' THEN 'invoice' ELSE 'credit_note' END,
                   move.name, 'account.move,' || move.id,
                   0, 0, move.amount_untaxed_signed,
                   move.amount_total_signed - move.amount_residual_signed, 0
              FROM account_move move
             WHERE move.opportunity_id IS NOT NULL AND move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
            """
        )

    def _purchase_orders(self):
        return SQL(
            """
            SELECT po.id * 10 + 3, po.opportunity_id, po.company_id,
                   COALESCE(po.date_approve, po.date_order)::date,
                   'purchase_order', po.name, 'purchase.order,' || po.id,
                   0, 0, 0, 0, po.amount_untaxed / COALESCE(NULLIF(po.currency_rate, 0), 1)
              FROM purchase_order po
             WHERE po.opportunity_id IS NOT NULL AND po.state IN ('purchase', 'done')
            """
        )

    def _vendor_bills(self):
        """Only the lines that do not come from a purchase order: those are counted with the order."""
        return SQL(
            """
            SELECT move.id * 10 + 4, move.opportunity_id, move.company_id, move.invoice_date,
                   'vendor_bill', move.name, 'account.move,' || move.id,
                   0, 0, 0, 0, SUM(line.balance)
              FROM account_move move
              JOIN account_move_line line
                ON line.move_id = move.id AND line.display_type = 'product' AND line.purchase_line_id IS NULL
             WHERE move.opportunity_id IS NOT NULL AND move.state = 'posted'
               AND move.move_type IN ('in_invoice', 'in_refund')
             GROUP BY move.id
            """
        )

    def action_open_document(self):
        """Open the document with the user's own rights: the report never widens them."""
        self.ensure_one()
        model, res_id = self.document_ref.split(",")
        document = self.env[model].browse(int(res_id))
        document.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": document.id,
            "views": [(False, "form")],
        }
