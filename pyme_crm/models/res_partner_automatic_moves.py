from odoo import api, fields, models
from odoo.tools import clean_context


class ResPartner(models.Model):
    """The moves a contact's documents and deals make by themselves: a proposal sent puts it in the
    proposals, a sale makes it a client, the end of its last proposal sends it back where it came from."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _commercial_entities(self):
        """The commercial entities of self, for the moves their documents and deals make by themselves.
        The moves run as superuser: the list follows the document whoever handles it (an accountant
        posting an invoice may not edit contacts), and the chatter still names the current user. The
        move is tracked even when the document's own write is not (sale marks a quotation sent by email
        with tracking disabled)."""
        entities = self.commercial_partner_id.sudo().with_context(clean_context(self.env.context))
        return entities.with_context(tracking_disable=False, pyme_crm_automatic_move=True)

    def _start_proposal(self):
        """A proposal went out: move to the proposals, remembering the list it came from."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list != "proposal")
        for from_list, partners in entities.grouped("commercial_list").items():
            partners.write({"commercial_list": "proposal", "commercial_list_before_proposal": from_list})

    def _become_client(self):
        """An order was confirmed or an invoice posted: the contact is a client."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list != "client")
        entities.write({"commercial_list": "client", "commercial_list_before_proposal": False})

    def _end_proposal(self):
        """A proposal was cancelled, lost or expired: contacts left with no open proposal go
        back to the list they came from, and their salesperson is asked to reclassify them."""
        entities = self._commercial_entities().filtered(lambda p: p.commercial_list == "proposal")
        entities -= entities._with_open_proposals()
        for back_to, partners in entities.grouped(
            lambda p: p.commercial_list_before_proposal or "prospect"
        ).items():
            partners.write({"commercial_list": back_to, "commercial_list_before_proposal": False})
        reclassify_type = self.env.ref("pyme_crm.mail_activity_type_reclassify")
        for partner in entities.filtered(lambda p: reclassify_type not in p.activity_ids.activity_type_id):
            partner.activity_schedule(
                "pyme_crm.mail_activity_type_reclassify",
                user_id=partner.user_id.id or self.env.uid,
                note=self.env._(
                    "Its last open proposal is over: reclassify the contact and plan its next follow-up."
                ),
            )

    def _with_open_proposals(self):
        """The partners of self with a sent, unexpired quotation or an open deal (active,
        not won) in a proposal stage: two queries whatever the number of partners."""
        today = fields.Date.context_today(self)
        unexpired = ["|", ("validity_date", "=", False), ("validity_date", ">=", today)]
        sent = [("partner_id.commercial_partner_id", "in", self.ids), ("state", "=", "sent"), *unexpired]
        quotations = self.env["sale.order"].sudo().search_fetch(sent, ["partner_id"])
        in_proposal_stage = [
            *self._open_opportunities_domain(self),
            ("stage_id.is_proposal_stage", "=", True),
        ]
        deals = self.env["crm.lead"].sudo().search_fetch(in_proposal_stage, ["partner_id"])
        return (quotations.partner_id | deals.partner_id).commercial_partner_id & self

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _cron_end_expired_proposals(self):
        """End the proposals of the contacts whose sent quotations expired since the last run (and that have
        no other open proposal). Contacts put in the proposals by hand are left alone."""
        expired = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("state", "=", "sent"),
                    ("validity_date", "<", fields.Date.context_today(self)),
                    ("proposal_expired", "=", False),
                ],
                ["partner_id"],
            )
        )
        expired.proposal_expired = True  # each expiry ends a proposal once, not every night
        expired.partner_id._end_proposal()
