from odoo.tools import SQL

# Each client's first sale: its earliest confirmed order or posted customer invoice.
FIRST_SALES = SQL(
    """
    SELECT p.commercial_partner_id AS entity_id, MIN(sale.day) AS day
      FROM (SELECT partner_id, date_order::date AS day FROM sale_order WHERE state = 'sale'
             UNION ALL
            SELECT partner_id, invoice_date FROM account_move
             WHERE move_type = 'out_invoice' AND state = 'posted') sale
      JOIN res_partner p ON p.id = sale.partner_id
     GROUP BY p.commercial_partner_id
    """
)
ENTITIES_WITH = {
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
    list, then one to share each company's list with its contact people.

    The ORM computed the follow-up list's sort key (``followup_list_rank``: 0 for proposals, 1 for
    the others) before these UPDATEs, so each of them writes it with the list."""
    env.flush_all()  # the module's data (the proposal stage flag) must be in the database
    cr = env.cr
    cr.execute(
        SQL(
            """UPDATE res_partner entity
                  SET commercial_list = 'client', followup_list_rank = 1, client_since = first_sale.day
                 FROM (%s) first_sale
                WHERE entity.id = first_sale.entity_id""",
            FIRST_SALES,
        )
    )
    cr.execute(
        SQL(
            """UPDATE res_partner SET commercial_list = 'prospect', followup_list_rank = 1
                WHERE commercial_list = 'reserve' AND id IN (%s)""",
            ENTITIES_WITH["prospect"],
        )
    )
    # A contact already in the proposals keeps the list it came from.
    cr.execute(
        SQL(
            """UPDATE res_partner
                  SET commercial_list_before_proposal = CASE WHEN commercial_list = 'proposal'
                          THEN commercial_list_before_proposal ELSE commercial_list END,
                      commercial_list = 'proposal',
                      followup_list_rank = 0
                WHERE id IN (%s)""",
            ENTITIES_WITH["proposal"],
        )
    )
    cr.execute(
        SQL(
            """
        UPDATE res_partner person
           SET commercial_list = entity.commercial_list,
               commercial_list_before_proposal = entity.commercial_list_before_proposal,
               followup_list_rank = entity.followup_list_rank
          FROM res_partner entity
         WHERE person.commercial_partner_id = entity.id
           AND person.id != entity.id
           AND (person.commercial_list, person.commercial_list_before_proposal, person.followup_list_rank)
               IS DISTINCT FROM
               (entity.commercial_list, entity.commercial_list_before_proposal, entity.followup_list_rank)
            """
        )
    )
    env["res.partner"].invalidate_model(
        ["commercial_list", "commercial_list_before_proposal", "client_since", "followup_list_rank"]
    )


def subscribe_digests(env):
    """The weekly digests are on from the start: salespeople get their own, managers their team's."""
    salespeople = env.ref("sales_team.group_sale_salesman").users.filtered(lambda u: not u.share)
    managers = env.ref("sales_team.group_sale_manager").users.filtered(lambda u: not u.share)
    env.ref("pyme_crm.digest_salesperson")._action_subscribe_users(salespeople - managers)
    env.ref("pyme_crm.digest_manager")._action_subscribe_users(managers)


def uninstall_hook(env):
    """Odoo cannot delete the addon's activity types while activities of theirs remain (their foreign key
    restricts it: an ERROR per attempt, and the types stay behind), so those activities go first."""
    env.cr.execute(
        SQL(
            """DELETE FROM mail_activity WHERE activity_type_id IN (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'pyme_crm' AND model = 'mail.activity.type')"""
        )
    )
    env.invalidate_all()
