"""A sales history from before pyme_crm: companies with their people, deals, quotations, orders and
invoices of past months, and what the install must make of each contact.

``write_history`` and ``use_the_addon`` run inside ``odoo-bin shell`` (see test_install_populated_database).
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

PROPOSAL_STAGE = "crm.stage_lead3"  # Odoo's "Proposition", flagged by pyme_crm/data/crm_stage_data.xml
NEW_STAGE = "crm.stage_lead1"
WON_STAGE = "crm.stage_lead4"


@dataclass(frozen=True)
class Contact:
    name: str
    expected_list: str
    documents: tuple = ()  # (kind, months ago), on the first contact person when there is one
    people: tuple = ()
    is_company: bool = True
    before_proposal: str | None = None
    first_sale_months_ago: int | None = None


CONTACTS = (
    Contact(
        "Norte Pedidos SL",
        "client",
        (("order", 8), ("order", 2), ("cancelled_order", 14)),
        people=("Ana Norte",),
        first_sale_months_ago=8,
    ),
    Contact(
        "Sur Facturas SL",
        "client",
        (("invoice", 5), ("order", 3), ("draft_invoice", 11)),
        people=("Luis Sur",),
        first_sale_months_ago=5,
    ),
    Contact("Ana Particular", "client", (("invoice", 6),), is_company=False, first_sale_months_ago=6),
    Contact(
        "Este Ofertas SL",
        "proposal",
        (("sent_quotation", 0),),
        people=("Marta Este", "Pablo Este"),
        before_proposal="reserve",
    ),
    Contact(
        "Centro Propuesta SL",
        "proposal",
        (("proposal_deal", 1),),
        people=("Eva Centro",),
        before_proposal="prospect",
    ),
    Contact(
        "Levante Recompra SL",
        "proposal",
        (("order", 8), ("sent_quotation", 0)),
        before_proposal="client",
        first_sale_months_ago=8,
    ),
    Contact(
        "Doble Canal SL",
        "proposal",
        (("invoice", 3), ("proposal_deal", 1)),
        people=("Jon Doble",),
        before_proposal="client",
        first_sale_months_ago=3,
    ),
    Contact("Oeste Caducada SL", "prospect", (("expired_quotation", 2), ("opportunity", 2))),
    Contact("Prospecto Abierto SL", "prospect", (("opportunity", 1),), people=("Raúl Abierto",)),
    Contact("Perdida SL", "reserve", (("lost_proposal_deal", 4),)),
    Contact("Ganada SL", "reserve", (("won_deal", 4),)),
    Contact("Proveedor SA", "reserve", (("vendor_bill", 4), ("draft_quotation", 1), ("lead", 1))),
    Contact("Sin Nada SL", "reserve", people=("Sara Nada",)),
)


def months_ago(today, months):
    return today - relativedelta(months=months)


def write_history(env, today_iso):
    """Create CONTACTS and their documents, dated in the past, as a database without pyme_crm holds them."""
    today = date.fromisoformat(today_iso)
    product = env["product.product"].create({"name": "Consultoría", "type": "service", "list_price": 100})
    for contact in CONTACTS:
        entity = env["res.partner"].create({"name": contact.name, "is_company": contact.is_company})
        people = env["res.partner"].create(
            [{"name": name, "parent_id": entity.id} for name in contact.people]
        )
        for kind, months in contact.documents:
            DOCUMENTS[kind](env, people[:1] or entity, product, months_ago(today, months), today)
    # Contacts existed long before their first sale: the install must not take their creation date.
    env.cr.execute(
        "UPDATE res_partner SET create_date = %s WHERE name IN %s",
        [
            months_ago(today, 36),
            tuple(name for contact in CONTACTS for name in (contact.name, *contact.people)),
        ],
    )


def _quotation(env, partner, product, day):
    return env["sale.order"].create(
        {
            "partner_id": partner.id,
            "date_order": day,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
        }
    )


def _order(env, partner, product, day, _today):
    order = _quotation(env, partner, product, day)
    order.action_confirm()
    order.date_order = day  # confirming dates the order today


def _cancelled_order(env, partner, product, day, _today):
    _quotation(env, partner, product, day)._action_cancel()


def _sent_quotation(env, partner, product, day, today, validity=30):
    quotation = _quotation(env, partner, product, day)
    quotation.action_quotation_sent()
    quotation.validity_date = today + relativedelta(days=validity)


def _expired_quotation(env, partner, product, day, today):
    _sent_quotation(env, partner, product, day, today, validity=-1)


def _draft_quotation(env, partner, product, day, _today):
    _quotation(env, partner, product, day)


def _move(env, partner, product, day, move_type):
    return env["account.move"].create(
        {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": day,
            "invoice_line_ids": [(0, 0, {"product_id": product.id, "price_unit": 100})],
        }
    )


def _invoice(env, partner, product, day, _today):
    _move(env, partner, product, day, "out_invoice").action_post()


def _draft_invoice(env, partner, product, day, _today):
    _move(env, partner, product, day, "out_invoice")


def _vendor_bill(env, partner, product, day, _today):
    _move(env, partner, product, day, "in_invoice").action_post()


def _deal(env, partner, stage, lead_type="opportunity", **values):
    return env["crm.lead"].create(
        {
            "name": f"Deal {partner.name}",
            "type": lead_type,
            "partner_id": partner.id,
            "stage_id": stage,
            **values,
        }
    )


def _opportunity(env, partner, _product, _day, _today):
    _deal(env, partner, env.ref(NEW_STAGE).id)


def _proposal_deal(env, partner, _product, _day, _today):
    _deal(env, partner, env.ref(PROPOSAL_STAGE).id)


def _lost_proposal_deal(env, partner, _product, _day, _today):
    _deal(env, partner, env.ref(PROPOSAL_STAGE).id).action_set_lost()


def _won_deal(env, partner, _product, _day, _today):
    _deal(env, partner, env.ref(WON_STAGE).id)


def _lead(env, partner, _product, _day, _today):
    _deal(env, partner, False, lead_type="lead")


DOCUMENTS = {
    "order": _order,
    "cancelled_order": _cancelled_order,
    "sent_quotation": _sent_quotation,
    "expired_quotation": _expired_quotation,
    "draft_quotation": _draft_quotation,
    "invoice": _invoice,
    "draft_invoice": _draft_invoice,
    "vendor_bill": _vendor_bill,
    "opportunity": _opportunity,
    "proposal_deal": _proposal_deal,
    "lost_proposal_deal": _lost_proposal_deal,
    "won_deal": _won_deal,
    "lead": _lead,
}


def use_the_addon(env):
    """What a deployment holds after some use: the addon's actions planned and done on contacts and deals,
    with their outcomes."""
    admin = env.ref("base.user_admin").id
    company = env["res.partner"].search([("name", "=", "Prospecto Abierto SL")])
    company.activity_schedule("pyme_crm.mail_activity_type_followup", user_id=admin)
    company.activity_schedule("pyme_crm.mail_activity_type_reclassify", user_id=admin)
    call = company.activity_schedule("mail.mail_activity_data_call", user_id=admin)
    call.write({"outcome_id": env.ref("pyme_crm.outcome_appointment").id, "outcome_note": "Visita el lunes"})
    call.action_done()  # plans a Visit
    satisfaction = company.activity_schedule("pyme_crm.mail_activity_type_satisfaction", user_id=admin)
    satisfaction.write({"outcome_id": env.ref("pyme_crm.outcome_satisfied").id})
    satisfaction.action_done()
    env["crm.lead"].create({"name": "Nuevo contacto web", "user_id": admin})  # plans "Call the lead"
    deal = env["crm.lead"].search([("partner_id.commercial_partner_id", "=", company.id)], limit=1)
    deal.activity_schedule("pyme_crm.mail_activity_type_stale", user_id=admin)
