import base64

from odoo import api, fields, models

from ..tools.contact_columns import CUSTOMER_TYPE_VALUES, LIST_VALUES, POTENTIAL_VALUES, contacts_workbook


class ResPartnerExport(models.TransientModel):
    """Contacts written to an .xlsx with the import's columns, so the file goes back in as it is."""

    _name = "res.partner.export"
    _description = "Export contacts to Excel"

    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.model
    def _export(self, partners, filename):
        def label(values, key):
            return values[key][0] if key else ""

        partners.fetch(
            ["name", "parent_id", "is_company", "commercial_partner_id", "email", "phone", "mobile", "vat"]
        )
        rows = []
        for partner in partners:
            entity = partner.commercial_partner_id
            person = partner if partner != entity else None
            rows.append(
                {
                    "company": entity.name if entity.is_company else "",
                    "name": person.name if person else ("" if entity.is_company else entity.name),
                    "function": partner.function,
                    "phone": partner.phone,
                    "mobile": partner.mobile,
                    "email": partner.email,
                    "website": entity.website,
                    "street": entity.street,
                    "city": entity.city,
                    "zip": entity.zip,
                    "state": entity.state_id.name,
                    "country": entity.country_id.name,
                    "vat": entity.vat,
                    "category": ", ".join(entity.category_id.mapped("name")),
                    "commercial_list": label(LIST_VALUES, entity.commercial_list),
                    "commercial_priority": entity.commercial_priority or "",
                    "salesperson": entity.user_id.login or "",
                    "followup": entity.next_followup_date and entity.next_followup_date.strftime("%d/%m/%Y"),
                    "role": ", ".join(entity.commercial_role_ids.mapped("name")),
                    "source": entity.source_id.name,
                    "industry": entity.industry_id.name,
                    "customer_type": label(CUSTOMER_TYPE_VALUES, entity.customer_type),
                    "purchase_potential": label(POTENTIAL_VALUES, entity.purchase_potential),
                    "sales_zone": entity.sales_zone_id.name,
                    "notes": entity.last_note,
                }
            )
        workbook = contacts_workbook(rows)
        export = self.create({"file": base64.b64encode(workbook), "filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{export.id}/file/{filename}?download=true",
            "target": "download",
        }
