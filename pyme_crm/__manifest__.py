{
    "name": "CRM PYME",
    "summary": "The commercial method of a small business on Odoo's CRM: lists, priorities, "
    "follow-ups and the documents of every deal",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/pyme-crm/pyme_crm",
    "author": "pyme_crm developers",
    "license": "LGPL-3",
    "application": True,
    "post_init_hook": "post_init_hook",
    "depends": [
        "crm",
        "sale_crm",
        "sale_management",
        "purchase",
        "account",
        "contacts",
        "calendar",
        "mail",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/res_partner_commercial_role_data.xml",
        "data/mail_activity_type_data.xml",
        "data/crm_stage_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_commercial_role_views.xml",
        "views/res_partner_sales_zone_views.xml",
        "views/res_partner_views.xml",
        "views/crm_stage_views.xml",
        "wizard/client_lost_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "pyme_crm/static/src/**/*",
        ],
        "web.assets_tests": [
            "pyme_crm/static/tests/tours/*.js",
        ],
    },
}
