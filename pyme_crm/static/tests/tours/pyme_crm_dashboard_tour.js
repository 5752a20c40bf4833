import { registry } from "@web/core/registry";
import { openApp } from "@pyme_crm/../tests/tours/pyme_crm_tour_utils";

registry.category("web_tour.tours").add("pyme_crm_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "Open the dashboard",
            trigger: ".o_menu_sections [data-menu-xmlid='pyme_crm.pyme_crm_menu_dashboard']",
            run: "click",
        },
        {
            content: "This month's sales",
            trigger: ".o_pyme_dashboard_figure[data-figure='sales_ordered'] .o_pyme_dashboard_value:contains('1,200.00')",
        },
        {
            content: "Look at the whole year",
            trigger: ".o_pyme_dashboard_period",
            run: "select year",
        },
        {
            content: "The year's figures, with last year's beside them",
            trigger: ".o_pyme_dashboard_figure[data-figure='sales_ordered']:contains('Previous period')",
        },
        {
            content: "Open the proposals in progress",
            trigger: ".o_pyme_dashboard_figure[data-figure='proposals_in_progress']:contains('2')",
            run: "click",
        },
        {
            content: "The list of those proposals",
            trigger: ".o_list_view .o_data_row:contains('Bodegas Viña Alta')",
        },
        {
            content: "Only them",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3)))",
        },
    ],
});
