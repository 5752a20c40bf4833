import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("pyme_crm_lists_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM PYME app",
            trigger: ".o_app[data-menu-xmlid='pyme_crm.pyme_crm_menu_root']",
            run: "click",
        },
        {
            content: "Open the lists menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='pyme_crm.pyme_crm_menu_lists']",
            run: "click",
        },
        {
            content: "Open the prospects",
            trigger: ".o-dropdown-item[data-menu-xmlid='pyme_crm.res_partner_menu_list_prospect']",
            run: "click",
        },
        {
            content: "Open the prospect",
            trigger: ".o_data_row .o_data_cell:contains('Ferretería La Llave')",
            run: "click",
        },
        {
            content: "The prospect's list shows in the status bar",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Prospects')",
        },
        {
            content: "Put the prospect on hold",
            trigger: "button[name='action_put_on_hold']",
            run: "click",
        },
        {
            content: "The contact is now on hold",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Contacts on hold')",
        },
    ],
});
