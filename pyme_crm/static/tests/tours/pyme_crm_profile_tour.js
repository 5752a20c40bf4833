import { registry } from "@web/core/registry";
import { openApp } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

/** Opens the CRM PYME app and checks the top menus a profile sees and those it does not. */
function profileTour(name, shown, hidden) {
    registry.category("web_tour.tours").add(`pyme_crm_profile_${name}_tour`, {
        url: "/odoo",
        steps: () => [
            ...openApp(),
            ...shown.map((xmlid) => ({
                content: `The menu ${xmlid} is there`,
                trigger: `.o_menu_sections [data-menu-xmlid='pyme_crm.${xmlid}']`,
            })),
            {
                content: "The other menus are not",
                trigger: `.o_menu_sections:not(:has(${hidden
                    .map((xmlid) => `[data-menu-xmlid='pyme_crm.${xmlid}']`)
                    .join(", ")}))`,
            },
        ],
    });
}

const ALL = [
    "res_partner_menu_followup",
    "pyme_crm_menu_dashboard",
    "pyme_crm_menu_lists",
    "pyme_crm_menu_deals",
    "pyme_crm_menu_reporting",
    "pyme_crm_menu_config",
];
const without = (...names) => ALL.filter((xmlid) => !names.includes(xmlid));

profileTour("salesperson", without("pyme_crm_menu_config"), ["pyme_crm_menu_config"]);
profileTour("manager", ALL, ["pyme_crm_menu_none"]);
profileTour(
    "marketing",
    ["pyme_crm_menu_lists", "pyme_crm_menu_deals"],
    without("pyme_crm_menu_lists", "pyme_crm_menu_deals")
);
profileTour("customer_service", ["pyme_crm_menu_lists"], without("pyme_crm_menu_lists"));
