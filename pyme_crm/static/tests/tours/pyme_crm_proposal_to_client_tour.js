import { registry } from "@web/core/registry";
import { openCommercialList } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

registry.category("web_tour.tours").add("pyme_crm_proposal_to_client_tour", {
    url: "/odoo",
    steps: () => [
        ...openCommercialList("res_partner_menu_list_prospect"),
        {
            content: "Open the prospect",
            trigger: ".o_data_row .o_data_cell:contains('Bodegas Viña Alta')",
            run: "click",
        },
        {
            content: "Open its quotations",
            trigger: "button[name='action_view_sale_order']",
            run: "click",
        },
        {
            content: "Open the quotation",
            trigger: ".o_data_row .o_data_cell:contains('Bodegas Viña Alta')",
            run: "click",
        },
        {
            content: "Send it by email",
            trigger: "button[name='action_quotation_send']:visible:contains('Send')",
            run: "click",
        },
        {
            content: "Send the email",
            trigger: ".modal:not(.o_inactive_modal) .modal-footer .btn-primary:contains(Send)",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The quotation is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
        {
            content: "Confirm the order",
            trigger: "button[name='action_confirm']:visible",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sale']",
        },
        ...openCommercialList("res_partner_menu_list_client"),
        {
            content: "The new client is in the clients",
            trigger: ".o_data_row .o_data_cell:contains('Bodegas Viña Alta')",
            run: "click",
        },
        {
            content: "Its priority is asked as A/B/C only",
            trigger:
                ".o_field_widget[name='commercial_priority'] select:has(option:contains('A - key client'))" +
                ":not(:has(option:contains('1 - high potential')))",
        },
        {
            content: "Give it priority A",
            trigger: ".o_field_widget[name='commercial_priority'] select",
            run: "selectByLabel A - key client",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
