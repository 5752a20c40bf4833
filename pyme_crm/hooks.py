from odoo.tools import SQL

ENTITIES_WITH = {
    # A confirmed order or a posted customer invoice makes a client.
    "client": SQL(
        """
        SELECT p.commercial_partner_id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
         WHERE so.state = 'sale'
         UNION
        SELECT p.commercial_partner_id FROM account_move am JOIN res_partner p ON p.id = am.partner_id
         WHERE am.move_type = 'out_invoice' AND am.state = 'posted'
        """
    ),
    # A sent, unexpired quotation or an open deal in a proposal stage is a proposal in progress.
    "proposal": SQL(
        """
        SELECT p.commercial_partner_id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
         WHERE so.state = 'sent' AND (so.validity_date IS NULL OR so.validity_date >= CURRENT_DATE)
         UNION
        SELECT p.commercial_partner_id FROM crm_lead l
          JOIN res_partner p ON p.id = l.partner_id
          JOIN crm_stage s ON s.id = l.stage_id
         WHERE l.active AND s.is_proposal_stage AND s.is_won IS NOT TRUE
        """
    ),
    # Any other open opportunity makes a prospect.
    "prospect": SQL(
        """
        SELECT p.commercial_partner_id FROM crm_lead l
          JOIN res_partner p ON p.id = l.partner_id
          LEFT JOIN crm_stage s ON s.id = l.stage_id
         WHERE l.active AND l.type = 'opportunity' AND s.is_won IS NOT TRUE
        """
    ),
}


def post_init_hook(env):
    classify_contacts(env)
    subscribe_digests(env)


def classify_contacts(env):
    """Classify the existing contacts from their orders, invoices and deals: one UPDATE per
    list, then one to share each company's list with its contact people."""
    env.flush_all()  # the module's data (the proposal stage flag) must be in the database
    cr = env.cr
    cr.execute(
        SQL(
            """UPDATE res_partner SET commercial_list = 'client', client_since = create_date::date
                WHERE id IN (%s)""",
            ENTITIES_WITH["client"],
        )
    )
    cr.execute(
        SQL(
            """UPDATE res_partner SET commercial_list = 'prospect'
                WHERE commercial_list = 'reserve' AND id IN (%s)""",
            ENTITIES_WITH["prospect"],
        )
    )
    cr.execute(
        SQL(
            """UPDATE res_partner
                  SET commercial_list_before_proposal = commercial_list, commercial_list = 'proposal'
                WHERE id IN (%s)""",
            ENTITIES_WITH["proposal"],
        )
    )
    cr.execute(
        SQL(
            """
        UPDATE res_partner person
           SET commercial_list = entity.commercial_list,
               commercial_list_before_proposal = entity.commercial_list_before_proposal
          FROM res_partner entity
         WHERE person.commercial_partner_id = entity.id
           AND person.id != entity.id
           AND (person.commercial_list, person.commercial_list_before_proposal)
               IS DISTINCT FROM (entity.commercial_list, entity.commercial_list_before_proposal)
            """
        )
    )
    env["res.partner"].invalidate_model(
        ["commercial_list", "commercial_list_before_proposal", "client_since"]
    )


def subscribe_digests(env):
    """The weekly digests are on from the start: salespeople get their own, managers their team's."""
    salespeople = env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share)
    managers = env.ref("sales_team.group_sale_manager").users.filtered(lambda u: not u.share)
    env.ref("pyme_crm.digest_salesperson")._action_subscribe_users(salespeople - managers)
    env.ref("pyme_crm.digest_manager")._action_subscribe_users(managers)
