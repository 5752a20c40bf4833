import { registry } from "@web/core/registry";
import { openCommercialList } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

registry.category("web_tour.tours").add("pyme_crm_lists_tour", {
    url: "/odoo",
    steps: () => [
        ...openCommercialList("res_partner_menu_list_prospect"),
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
